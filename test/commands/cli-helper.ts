import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {CLI, TSX, TSCONFIG} from '../helpers/cli-paths.js';

export type CliResult = {code: number | null; stdout: Buffer; stderr: string};

/** The real CLI in a child process (node + tsx), with the project's tsconfig wherever it runs. */
export function cliArgs(args: readonly string[]): string[] {
	return ['--import', TSX, CLI, ...args];
}

export const cliEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({...process.env, TSX_TSCONFIG_PATH: TSCONFIG, ...extra});

/** Run `camtop …` to the end; stdout as bytes (snapshots go there), stderr as text. */
export async function runCamtop(args: readonly string[], options: {cwd: string; env?: Record<string, string>; timeoutMs?: number}): Promise<CliResult> {
	return new Promise(resolve => {
		execFile(process.execPath, cliArgs(args), {cwd: options.cwd, env: cliEnv(options.env), timeout: options.timeoutMs ?? 30_000, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
			const code = error ? ((error as {code?: unknown}).code as number | null ?? null) : 0;
			resolve({code: typeof code === 'number' ? code : null, stdout, stderr: stderr.toString('utf8')});
		});
	});
}

/** Start `camtop …` and leave it running (for signals). */
export function spawnCamtop(args: readonly string[], options: {cwd: string; env?: Record<string, string>}): ChildProcess & {stderrText: () => string} {
	const child = spawn(process.execPath, cliArgs(args), {cwd: options.cwd, env: cliEnv(options.env), stdio: ['ignore', 'pipe', 'pipe']});
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	child.stdout.resume();
	return Object.assign(child, {stderrText: () => stderr});
}

/** How many whole frames of `sent` the bytes `recorded` are, back to back from the first; -1 if they are not such a prefix. */
export function wholeFramePrefix(recorded: Uint8Array, sent: readonly Uint8Array[]): number {
	let offset = 0;
	let count = 0;
	for (const frame of sent) {
		if (offset === recorded.length) {
			return count;
		}

		if (offset + frame.length > recorded.length || !Buffer.from(recorded.subarray(offset, offset + frame.length)).equals(frame)) {
			return -1;
		}

		offset += frame.length;
		count++;
	}

	return offset === recorded.length ? count : -1;
}
