import type {CellMode} from './cell-encoders.js';
import type {ImageProtocol} from './image-painter.js';

/*
What the environment says about the terminal, before asking it anything. Each variable is
set by the terminal (or by the user) and passed through by ssh only when it is configured
to (SendEnv/AcceptEnv), so these are hints: the query (terminal-query.ts) confirms sixel and
kitty graphics.
*/

export type EnvHints = {
	/** Colour depth for the text modes. */
	readonly depth: CellMode;
	/** Image protocol the environment names, if any. */
	readonly image: ImageProtocol | undefined;
	readonly inTmux: boolean;
	/** Which variable decided the depth, for the status line and `--mode auto` docs. */
	readonly reason: string;
};

type Env = Readonly<Record<string, string | undefined>>;

function colourDepth(env: Env): {depth: CellMode; reason: string} {
	const term = (env.TERM ?? '').toLowerCase();
	if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') {
		return {depth: 'ascii', reason: 'NO_COLOR'};
	}

	if (term === 'dumb') {
		return {depth: 'ascii', reason: 'TERM=dumb'};
	}

	const colorterm = (env.COLORTERM ?? '').toLowerCase();
	if (colorterm === 'truecolor' || colorterm === '24bit') {
		return {depth: 'truecolor', reason: `COLORTERM=${colorterm}`};
	}

	if (term.endsWith('-direct') || term === 'xterm-kitty' || term === 'xterm-ghostty' || term === 'wezterm') {
		return {depth: 'truecolor', reason: `TERM=${term}`};
	}

	// Terminals known to do 24-bit colour that do not always set COLORTERM (it is lost over ssh).
	const program = env.TERM_PROGRAM ?? '';
	if (['iTerm.app', 'WezTerm', 'vscode', 'ghostty', 'Hyper', 'rio'].includes(program)) {
		return {depth: 'truecolor', reason: `TERM_PROGRAM=${program}`};
	}

	if (env.KITTY_WINDOW_ID !== undefined || env.LC_TERMINAL === 'iTerm2') {
		return {depth: 'truecolor', reason: env.KITTY_WINDOW_ID === undefined ? 'LC_TERMINAL=iTerm2' : 'KITTY_WINDOW_ID'};
	}

	if (term.includes('256color')) {
		return {depth: '256', reason: `TERM=${term}`};
	}

	return {depth: '16', reason: term === '' ? 'no TERM' : `TERM=${term}`};
}

function imageHint(env: Env): ImageProtocol | undefined {
	const term = (env.TERM ?? '').toLowerCase();
	const program = env.TERM_PROGRAM ?? '';
	if (env.KITTY_WINDOW_ID !== undefined || term === 'xterm-kitty' || term === 'xterm-ghostty' || program === 'ghostty') {
		return 'kitty';
	}

	if (program === 'iTerm.app' || env.LC_TERMINAL === 'iTerm2' || program === 'WezTerm') {
		return 'iterm2';
	}

	if (term.startsWith('mlterm') || term.startsWith('foot') || term.startsWith('contour')) {
		return 'sixel';
	}

	return undefined;
}

export function envHints(env: Env): EnvHints {
	const {depth, reason} = colourDepth(env);
	return {depth, image: depth === 'ascii' ? undefined : imageHint(env), inTmux: (env.TMUX ?? '') !== '', reason};
}
