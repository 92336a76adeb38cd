import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {ENTER_SCREEN, LEAVE_SCREEN, enterScreen, leaveScreen} from '../../source/render/terminal.js';

const child = fileURLToPath(new URL('fixtures/restore-child.ts', import.meta.url));
const DEADLINE_MS = 15_000;

type Result = {code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string};

/** Run the fixture; `signal` is sent once it printed READY. Killed by PID at the deadline. */
async function run(mode: string, signal?: NodeJS.Signals): Promise<Result> {
	const proc = spawn(process.execPath, ['--import', 'tsx', child, mode], {stdio: ['ignore', 'pipe', 'pipe']});
	let stdout = '';
	let stderr = '';
	proc.stdout.setEncoding('utf8');
	proc.stderr.setEncoding('utf8');
	proc.stdout.on('data', (chunk: string) => {
		stdout += chunk;
		if (signal && stdout.includes('READY\n')) {
			proc.kill(signal);
			signal = undefined;
		}
	});
	proc.stderr.on('data', (chunk: string) => {
		stderr += chunk;
	});
	const deadline = setTimeout(() => proc.kill('SIGKILL'), DEADLINE_MS);
	const [code, exitSignal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => {
		proc.on('close', (c, s) => resolve([c, s]));
	});
	clearTimeout(deadline);
	return {code, signal: exitSignal, stdout, stderr};
}

function restoredOnce(result: Result): void {
	assert.equal(result.stdout.split('RESTORED').length - 1, 1, `stdout: ${JSON.stringify(result.stdout)}`);
	assert.ok(result.stdout.endsWith(LEAVE_SCREEN));
}

describe('terminal', () => {
	test('enter and leave sequences', () => {
		const written: string[] = [];
		const out = {write: (data: string) => written.push(data)};
		assert.equal(enterScreen(out), ENTER_SCREEN);
		assert.equal(leaveScreen(out), LEAVE_SCREEN);
		assert.deepEqual(written, [ENTER_SCREEN, LEAVE_SCREEN]);
		assert.ok(ENTER_SCREEN.includes('\u001B[?1049h') && ENTER_SCREEN.includes('\u001B[?25l'));
		assert.ok(LEAVE_SCREEN.includes('\u001B[?1049l') && LEAVE_SCREEN.includes('\u001B[?25h') && LEAVE_SCREEN.includes('\u001B[0m'));
		assert.equal(enterScreen(), ENTER_SCREEN);
	});

	test('restores once on a normal exit', async () => {
		const result = await run('exit');
		assert.equal(result.code, 0);
		restoredOnce(result);
	});

	test('restores once on an uncaught exception, prints it, exits 1', async () => {
		const result = await run('throw');
		assert.equal(result.code, 1);
		restoredOnce(result);
		assert.match(result.stderr, /boom from child/);
	});

	test('restores once on an unhandled rejection, exits 1', async () => {
		const result = await run('reject');
		assert.equal(result.code, 1);
		restoredOnce(result);
		assert.match(result.stderr, /rejected in child/);
	});

	for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]] as const) {
		test(`restores once on ${signal} and exits ${code}`, async () => {
			const result = await run('signal', signal);
			assert.equal(result.code, code);
			restoredOnce(result);
		});
	}

	test('uninstall removes the handlers', async () => {
		const result = await run('uninstall');
		assert.equal(result.code, 0);
		assert.equal(result.stdout, '');
	});
});
