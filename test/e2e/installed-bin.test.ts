import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {descendantNamed} from '../helpers/proc.js';
import {TmuxSession} from '../helpers/tmux.js';
import {until} from '../helpers/until.js';

const bin = fileURLToPath(new URL('../../bin/camtop.js', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const MEMORY_FLAGS = ['--max-semi-space-size=1', '--max-old-space-size=512'];

/** The node process the pane's command became (the launcher execs node in its place; camtop names its process). */
async function camtopNode(session: TmuxSession): Promise<number> {
	const panePid = Number(session.format('#{pane_pid}'));
	let pid: number | undefined;
	await until(() => {
		pid = descendantNamed(panePid, 'camtop');
		return pid !== undefined;
	}, 'camtop\'s node process', 10_000);
	return pid!;
}

const loadsLibvips = (pid: number) => readFileSync(`/proc/${pid}/maps`, 'utf8').includes('libvips');

describe('the installed camtop command (bin/camtop.js)', () => {
	let server: DemoServer;
	// A `node` first on PATH that writes down its arguments and execs the real node: what the
	// launcher passes to node (camtop's process title later overwrites /proc/PID/cmdline).
	const shim = mkdtempSync(path.join(tmpdir(), 'camtop-bin-'));
	const argvFile = path.join(shim, 'argv');
	const env = {TERM: 'xterm-256color', COLORTERM: 'truecolor'};

	before(async () => {
		writeFileSync(path.join(shim, 'node'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${argvFile}'\nexec '${process.execPath}' "$@"\n`);
		chmodSync(path.join(shim, 'node'), 0o755);
		assert.ok(existsSync(dist), 'dist/ is built (npm install runs `npm run build`)');
		// A 720p camera: in a 160×48 terminal its one tile is at most 1/8 of it, the DC decoder's case.
		server = await startDemoServer([{name: 'hd', width: 1280, height: 720, fps: 5, quirk: 'standard'}]);
	});

	after(async () => {
		await server.close();
		rmSync(shim, {recursive: true, force: true});
	});

	test('runs node with the memory flags and, for real cameras, never loads sharp', async () => {
		const url = server.cameras[0]!.url;
		const session = new TmuxSession(`PATH='${shim}':$PATH ${bin} ${url}; echo "camtop exited $?"; sleep 60`, {columns: 160, rows: 48, env});
		try {
			await session.waitFor(text => /\b1 \S+hd\.mjpeg live \d+\.\d fps/.test(text) && (text.split(/[▀▄█]/).length - 1) > 300, 'the live 720p tile');
			const pid = await camtopNode(session);
			const args = readFileSync(argvFile, 'utf8').trimEnd().split('\n');
			for (const flag of MEMORY_FLAGS) {
				assert.ok(args.includes(flag), `node runs with ${flag}: ${args.join(' ')}`);
			}

			assert.deepEqual(args.slice(-2), [bin, url], 'node runs the launcher itself with the user\'s arguments');
			assert.equal(loadsLibvips(pid), false, 'libvips is not mapped: every frame took the DC decoder');
			session.keys('q', true);
			await session.waitFor(text => text.includes('camtop exited 0'), 'camtop to quit');
		} finally {
			session.kill();
		}
	});

	test('the demo cameras load sharp (so the check above can see it)', async () => {
		const session = new TmuxSession(`${bin} --demo; echo "camtop exited $?"; sleep 60`, {columns: 160, rows: 48, env});
		try {
			await session.waitFor(text => (text.match(/\b\d \S+ live \d+\.\d fps/g) ?? []).length >= 4, 'four live demo tiles');
			assert.equal(loadsLibvips(await camtopNode(session)), true);
			session.keys('q', true);
			await session.waitFor(text => text.includes('camtop exited 0'), 'camtop to quit');
		} finally {
			session.kill();
		}
	});
});
