import process from 'node:process';
import {sanitizeLines} from '../ui/sanitize.js';

/*
Entering and leaving the full-screen mode, and putting the terminal back on every exit path
(DESIGN.md, safety principles). Raw mode belongs to Ink (it owns stdin), but a crash can skip
Ink's cleanup, so the restore also turns raw mode off.
*/

const CSI = '\u001B[';
const ALT_SCREEN_ON = `${CSI}?1049h`;
const ALT_SCREEN_OFF = `${CSI}?1049l`;
const CURSOR_HIDE = `${CSI}?25l`;
const CURSOR_SHOW = `${CSI}?25h`;
const SGR_RESET = `${CSI}0m`;
// Ends a synchronized update in case one was cut off mid-write.
const SYNC_END = `${CSI}?2026l`;

export const ENTER_SCREEN = ALT_SCREEN_ON + CURSOR_HIDE + SGR_RESET;
export const LEAVE_SCREEN = SYNC_END + SGR_RESET + CURSOR_SHOW + ALT_SCREEN_OFF;

type Writable = {write(data: string): unknown};

/** Switch to the alternate screen and hide the cursor; returns what was written. */
export function enterScreen(out?: Writable): string {
	out?.write(ENTER_SCREEN);
	return ENTER_SCREEN;
}

/** Reset colours, show the cursor and return to the normal screen; returns what was written. */
export function leaveScreen(out?: Writable): string {
	out?.write(LEAVE_SCREEN);
	return LEAVE_SCREEN;
}

// Conventional exit status for death by signal: 128 + signal number.
const SIGNALS = {SIGHUP: 129, SIGINT: 130, SIGTERM: 143} as const;

function describe(error: unknown): string {
	if (error instanceof Error) {
		return error.stack ?? `${error.name}: ${error.message}`;
	}

	return String(error);
}

/** The longest a signal or an error waits for `beforeExit` before the process exits anyway. */
export const EXIT_WAIT_MS = 2000;

export type RestoreOptions = {
	/**
	Work to finish after the restore, before a signal or an error ends the process: waiting
	for child processes (ffmpeg), so that camtop reaps them itself instead of leaving their
	zombies to init (issue 6). At most EXIT_WAIT_MS; a second signal exits at once.
	*/
	readonly beforeExit?: () => Promise<void>;
};

/**
Call `restore` exactly once on the first of: process 'exit', SIGINT, SIGTERM, SIGHUP, an
uncaught exception or an unhandled rejection. Signals exit with 128 + signal number; errors
are printed to stderr after the restore (so they land on the normal screen) and exit 1,
each after `beforeExit` (if given) finished. Returns a function that removes every handler.
*/
export function installRestoreHandlers(restore: () => void, options: RestoreOptions = {}): () => void {
	const {beforeExit} = options;
	let exiting = false;
	const exit = (code: number): void => {
		if (exiting || beforeExit === undefined) {
			process.exit(code);
		}

		exiting = true;
		// The timer also keeps the process alive while the work runs.
		const timer = setTimeout(() => process.exit(code), EXIT_WAIT_MS);
		beforeExit().catch(() => undefined).finally(() => {
			clearTimeout(timer);
			process.exit(code);
		});
	};

	let restored = false;
	const runRestore = (): void => {
		if (restored) {
			return;
		}

		restored = true;
		try {
			if (process.stdin.isTTY) {
				process.stdin.setRawMode?.(false);
			}
		} catch {
			// Stdin may already be destroyed on the way out; the screen still needs restoring.
		}

		restore();
	};

	const onExit = (): void => {
		runRestore();
	};

	const signalHandlers = Object.entries(SIGNALS).map(([signal, code]) => {
		const handler = (): void => {
			runRestore();
			exit(code);
		};

		process.on(signal, handler);
		return [signal, handler] as const;
	});

	const onError = (error: unknown): void => {
		try {
			runRestore();
		} finally {
			// An error's message may carry camera-sent text: made harmless like everything shown.
			process.stderr.write(sanitizeLines(describe(error)) + '\n');
			exit(1);
		}
	};

	process.on('exit', onExit);
	process.on('uncaughtException', onError);
	process.on('unhandledRejection', onError);

	return () => {
		process.off('exit', onExit);
		process.off('uncaughtException', onError);
		process.off('unhandledRejection', onError);
		for (const [signal, handler] of signalHandlers) {
			process.off(signal, handler);
		}
	};
}
