import {execFileSync} from 'node:child_process';
import {descendants} from './proc.js';

/**
A real terminal for end-to-end tests: a private tmux server (its own socket), one
session of a fixed size running a command. Text and colours are read back with
capture-pane, keys are typed with send-keys.
*/
export class TmuxSession {
	readonly socket: string;
	readonly name = 'camtop';

	constructor(command: string, options: {columns: number; rows: number; cwd?: string; env?: Record<string, string>}) {
		this.socket = `camtop-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
		const environment = Object.entries(options.env ?? {}).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
		this.#tmux(['new-session', '-d', '-x', String(options.columns), '-y', String(options.rows), '-s', this.name, ...environment, ...(options.cwd ? ['-c', options.cwd] : []), command]);
	}

	#tmux(args: string[]): string {
		return execFileSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], {encoding: 'utf8'});
	}

	/** The screen as plain text, or with SGR escapes when `escapes` is true. */
	capture(escapes = false): string {
		return this.#tmux(['capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', this.name]);
	}

	/** A tmux format value for the pane, e.g. `#{alternate_on}` or `#{cursor_flag}`. */
	format(format: string): string {
		return this.#tmux(['display-message', '-p', '-t', this.name, format]).trim();
	}

	/** Type keys: tmux key names (`Tab`, `BTab`, `Enter`, `C-c`) or literal text with `literal`. */
	keys(keys: string, literal = false): void {
		this.#tmux(['send-keys', '-t', this.name, ...(literal ? ['-l'] : []), keys]);
	}

	resize(columns: number, rows: number): void {
		this.#tmux(['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
	}

	/** Poll the screen until `test` passes; throws with the last screen after the deadline. */
	async waitFor(test: (screen: string) => boolean, what: string, timeoutMs = 15_000, escapes = false): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = this.capture(escapes);
			if (test(screen)) {
				return screen;
			}

			await new Promise(resolve => setTimeout(resolve, 100));
		}

		throw new Error(`timed out waiting for ${what}; screen was:\n${screen}`);
	}

	/**
	Stop the session and everything it started. Killing the tmux server alone is not enough:
	a program under script(1) keeps its own pty and would live on after a failed test.
	*/
	kill(): void {
		try {
			const panePid = Number(this.format('#{pane_pid}'));
			for (const {pid} of Number.isInteger(panePid) && panePid > 0 ? descendants(panePid) : []) {
				try {
					process.kill(pid, 'SIGTERM');
				} catch {
					// Already gone.
				}
			}
		} catch {
			// No session left to ask.
		}

		try {
			this.#tmux(['kill-server']);
		} catch {
			// Already gone.
		}
	}
}
