import type {CellMode} from './cell-encoders.js';
import type {ImageProtocol} from './image-painter.js';
import {DEFAULT_CELL_SIZE, type CellSize} from './image-pixels.js';
import {CELL_MODES, isImageMode, type RenderMode} from './render-mode.js';
import {envHints} from './terminal-env.js';
import {QUERY_TIMEOUT_MS, queryTerminal, type QueryInput, type QueryOutput, type QueryReplies} from './terminal-query.js';
import {askTmuxPassthrough, askTmuxRgb} from './tmux-query.js';

export {askTmuxPassthrough, askTmuxRgb} from './tmux-query.js';

/*
Choosing the render mode (readme.md, "Render modes", has the user's view):

1. `--mode` other than `auto` always wins.
2. Not a TTY: no queries, a text mode from the environment.
3. `NO_COLOR` or `TERM=dumb`: ascii, no queries.
4. Environment hints: TERM, TERM_PROGRAM, LC_TERMINAL, KITTY_WINDOW_ID, COLORTERM, TMUX;
   inside tmux with less than 24-bit colour from the environment, tmux is asked whether
   its client has the RGB feature (tmux-query.ts), which gives truecolor.
5. One batched query ended by DA1, bounded wait (terminal-query.ts).
6. The richest confirmed mode: kitty (reply OK) > iTerm2 (environment or XTVERSION) > sixel
   (DA1 attribute 4) > the text depth. Inside tmux only text modes and tmux's own sixel,
   unless tmux passes escape sequences through (`allow-passthrough on`): then kitty and
   iTerm2 too, wrapped for passthrough.
*/

export type TerminalInfo = {
	/** The mode to start in. */
	readonly mode: RenderMode;
	/** The modes `m` cycles through: the detected image protocol(s), then the text modes down from the depth. */
	readonly modes: readonly RenderMode[];
	readonly cellSize: CellSize;
	/** Whether the cell size came from the terminal (else DEFAULT_CELL_SIZE). */
	readonly cellSizeReported: boolean;
	readonly inTmux: boolean;
	/** tmux passes image sequences through (they must be wrapped). */
	readonly tmuxPassthrough: boolean;
	/** One line on how the mode was chosen. */
	readonly reason: string;
	readonly replies: QueryReplies | undefined;
};

export type DetectOptions = {
	readonly mode?: RenderMode | 'auto';
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly input: QueryInput;
	readonly output: QueryOutput & {readonly isTTY?: boolean};
	readonly size: {columns: number; rows: number};
	readonly timeoutMs?: number;
	/** Asks tmux whether passthrough is on; injectable for tests (default: tmux-query.ts). */
	readonly tmuxPassthrough?: () => Promise<boolean>;
	/** Asks tmux whether its client takes 24-bit colour; injectable for tests (default: tmux-query.ts). */
	readonly tmuxRgb?: () => Promise<boolean>;
};

function textModes(depth: CellMode): RenderMode[] {
	return CELL_MODES.slice(CELL_MODES.indexOf(depth));
}

export async function detectTerminal(options: DetectOptions): Promise<TerminalInfo> {
	const hints = envHints(options.env);
	const interactive = Boolean(options.input.isTTY && options.output.isTTY);
	const forced = options.mode !== undefined && options.mode !== 'auto' ? options.mode : undefined;
	const base = {cellSize: DEFAULT_CELL_SIZE, cellSizeReported: false, inTmux: hints.inTmux, tmuxPassthrough: false, replies: undefined};
	if (!interactive || (forced === undefined && hints.depth === 'ascii')) {
		const mode = forced ?? hints.depth;
		const modes = isImageMode(mode) ? [mode, ...textModes('truecolor')] : textModes(hints.depth);
		if (!modes.includes(mode)) {
			modes.unshift(mode);
		}

		return {...base, mode, modes, reason: forced ? '--mode' : (interactive ? hints.reason : 'not a TTY')};
	}

	const timeoutMs = options.timeoutMs ?? QUERY_TIMEOUT_MS;
	const askRgb = hints.inTmux && (hints.depth === '256' || hints.depth === '16');
	const [replies, passthrough, rgb] = await Promise.all([
		queryTerminal(options.input, options.output, options.size, timeoutMs),
		hints.inTmux ? (options.tmuxPassthrough ?? (async () => askTmuxPassthrough(options.env, timeoutMs)))() : false,
		askRgb ? (options.tmuxRgb ?? (async () => askTmuxRgb(options.env, timeoutMs)))() : false,
	]);
	const images: ImageProtocol[] = [];
	const version = replies.version ?? '';
	const outside = !hints.inTmux || passthrough;
	if (outside && (replies.kitty || (hints.image === 'kitty' && !replies.answered))) {
		images.push('kitty');
	}

	if (outside && (hints.image === 'iterm2' || /^(iTerm2|WezTerm)/.test(version))) {
		images.push('iterm2');
	}

	// Inside tmux the DA1 reply is tmux's own: attribute 4 means tmux itself draws sixel.
	if (replies.sixel) {
		images.push('sixel');
	}

	// A terminal that names itself truecolor-capable in XTVERSION but lost COLORTERM over ssh,
	// or tmux saying its client takes 24-bit colour.
	const depth = (hints.depth === '256' && /^(kitty|WezTerm|foot|iTerm2|ghostty|contour)/i.test(version)) || rgb ? 'truecolor' : hints.depth;
	const modes: RenderMode[] = [...images, ...textModes(depth)];
	if (forced && !modes.includes(forced)) {
		modes.unshift(forced);
	}

	const mode = forced ?? modes[0]!;
	const why = forced ? '--mode'
		: (images.length > 0 ? `${images[0]} (${replies.kitty && images[0] === 'kitty' ? 'kitty graphics reply' : (images[0] === 'sixel' ? 'DA1 attribute 4' : hints.image === images[0] ? 'environment' : 'XTVERSION')})` : (rgb ? 'tmux client RGB' : hints.reason));
	return {
		mode,
		modes,
		cellSize: replies.cellSize ?? DEFAULT_CELL_SIZE,
		cellSizeReported: replies.cellSize !== undefined,
		inTmux: hints.inTmux,
		tmuxPassthrough: passthrough,
		reason: why + (replies.answered ? '' : ', terminal did not answer'),
		replies,
	};
}
