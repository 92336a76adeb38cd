import {execFile} from 'node:child_process';

/*
Questions for the tmux camtop runs in, asked with the tmux command (it finds the server from
`TMUX` in the environment). Each is bounded by a timeout like the terminal query, and any
failure (no tmux binary, an old tmux without the option or format, no server) is a "no".
*/

type Env = Readonly<Record<string, string | undefined>>;

function tmuxValue(args: readonly string[], env: Env, timeoutMs: number): Promise<string | undefined> {
	return new Promise(resolve => {
		execFile('tmux', args, {timeout: timeoutMs, env}, (error, stdout) => {
			resolve(error ? undefined : String(stdout).trim());
		});
	});
}

/** `tmux show-options -gv allow-passthrough` is `on` or `all` (tmux ≥ 3.3). */
export async function askTmuxPassthrough(env: Env, timeoutMs: number): Promise<boolean> {
	const value = await tmuxValue(['show-options', '-gv', 'allow-passthrough'], env, timeoutMs);
	return value === 'on' || value === 'all';
}

/**
Whether tmux sends 24-bit colour on to the terminal it is attached to: the client's
features (tmux ≥ 3.2, `#{client_termfeatures}`, e.g. `bpaste,ccolour,clipboard,RGB,title`)
include RGB. They do when the outer terminal's terminfo has `RGB`/`Tc` or tmux is told so
(`set -as terminal-features ',xterm-256color:RGB'`); otherwise tmux turns 24-bit colours
into its 256 and camtop's tolerance-based delta would compare against colours never shown.
*/
export async function askTmuxRgb(env: Env, timeoutMs: number): Promise<boolean> {
	const value = await tmuxValue(['display-message', '-p', '#{client_termfeatures}'], env, timeoutMs);
	return value !== undefined && value.split(',').includes('RGB');
}
