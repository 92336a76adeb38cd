import type {ChildProcess} from 'node:child_process';

/** SIGTERM first; a child still there after this gets SIGKILL. */
export const KILL_GRACE_MS = 3000;

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Track `child` until it exits; camtop's exit kills whatever is still running. */
export function trackChild(child: ChildProcess): void {
	live.add(child);
	child.once('exit', () => {
		live.delete(child);
	});
	if (!exitHookInstalled) {
		exitHookInstalled = true;
		// 'exit' handlers run synchronously on every way out of Node short of SIGKILL, so
		// no ffmpeg outlives camtop, whatever path the exit took.
		process.once('exit', () => {
			for (const child of live) {
				child.kill('SIGKILL');
			}
		});
	}
}

/**
Stop `child`: SIGTERM, then SIGKILL after `graceMs` if it is still running. Resolves once
it has exited (Node reaps it then, so it leaves no zombie).
*/
export async function stopChild(child: ChildProcess, graceMs = KILL_GRACE_MS): Promise<void> {
	if (!running(child)) {
		return;
	}

	const exited = new Promise<void>(resolve => {
		child.once('exit', () => {
			resolve();
		});
	});
	child.kill('SIGTERM');
	const timer = setTimeout(() => {
		if (running(child)) {
			child.kill('SIGKILL');
		}
	}, graceMs);
	await exited;
	clearTimeout(timer);
}

/** Stop every ffmpeg camtop started and wait until all have exited (for a clean quit). */
export async function stopAllChildren(graceMs = KILL_GRACE_MS): Promise<void> {
	await Promise.all([...live].map(async child => stopChild(child, graceMs)));
}

/** PIDs of the children still running (for tests and diagnostics). */
export function liveChildPids(): number[] {
	return [...live].flatMap(child => (child.pid === undefined ? [] : [child.pid]));
}
