import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {TmuxSession} from '../helpers/tmux.js';
import {wholeFramePrefix} from '../commands/cli-helper.js';

const cli = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));
const tsx = import.meta.resolve('tsx');
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
const endings = ['q', 'C-c', 'SIGTERM', 'SIGHUP'] as const;
/** What camtop's exit status is after each ending (128 + signal number for signals). */
const exitStatus: Record<typeof endings[number], number> = {q: 0, 'C-c': 0, SIGTERM: 143, SIGHUP: 129};

/** The process whose parent is `parent` (the shell tmux runs), read from /proc. */
function childOf(parent: number): number | undefined {
	for (const entry of readdirSync('/proc')) {
		if (/^\d+$/.test(entry)) {
			try {
				const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
				// pid (comm) state ppid …; comm may hold spaces, so split after the last ')'.
				const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
				if (ppid === parent) {
					return Number(entry);
				}
			} catch {
				// The process ended while we looked.
			}
		}
	}

	return undefined;
}

/** How many whole frames `recorded` is, when it is a run of consecutive frames of `sent` from any start. */
function wholeFrameRun(recorded: Uint8Array, sent: readonly Uint8Array[]): number {
	for (let start = 0; start < sent.length; start++) {
		const count = wholeFramePrefix(recorded, sent.slice(start));
		if (count > 0) {
			return count;
		}
	}

	return -1;
}

describe('keys R and c in a real terminal: recordings survive every way out', {timeout: 120_000}, () => {
	let server: DemoServer;
	let root = '';

	before(async () => {
		root = await mkdtemp(path.join(tmpdir(), 'camtop-e2e-capture-'));
		server = await startDemoServer(endings.map(ending => ({name: ending.replace('-', ''), width: 96, height: 64, fps: 10})), {keepFrames: true});
	});

	after(async () => {
		await server.close();
		await rm(root, {recursive: true, force: true});
	});

	for (const ending of endings) {
		test(`R records, ${ending} ends camtop, the .mjpg holds whole frames as sent`, async () => {
			const name = ending.replace('-', '');
			const directory = path.join(root, name);
			await import('node:fs/promises').then(async fs => fs.mkdir(directory));
			const url = server.cameras.find(camera => camera.name === name)!.url;
			const session = new TmuxSession(`node --import ${tsx} ${cli} ${url}; echo "camtop exited $?"; sleep 60`, {
				columns: 160, rows: 30, cwd: directory, env: {TERM: 'xterm-256color', COLORTERM: 'truecolor', TSX_TSCONFIG_PATH: tsconfig},
			});
			try {
				await session.waitFor(screen => /\b1 \S+ live \d+\.\d fps/.test(screen), 'the camera live');
				session.keys('R', true);
				await session.waitFor(screen => screen.includes('● REC'), 'the REC mark in the title');
				const recording = () => readdirSync(directory).find(file => file.endsWith('.mjpg'));
				await session.waitFor(() => {
					const file = recording();
					return file !== undefined && statSync(path.join(directory, file)).size > 3000;
				}, 'a few frames in the file');
				if (ending === 'q') {
					// The focus view's stats panel, then `s` hides it.
					session.keys('1', true);
					// Rows fill in as their figures arrive (latency needs a frame's X-Timestamp in the window).
					const rows = ['C-Length', '96×64 4:2:0', 'size kB', 'boundary', ' in body', '--camtopframe', 'headers', 'latency', 'reconnects', 'uptime', 'drawn', '● REC'];
					const panel = await session.waitFor(screen => rows.every(row => screen.includes(row)), `the stats panel with rows ${rows.join(', ')}`);
					assert.ok(panel.includes('C-Length'));

					session.keys('s', true);
					await session.waitFor(screen => !screen.includes('C-Length') && /\b1 \S+ live/.test(screen), 'the panel hidden');
					session.keys('c', true);
					await session.waitFor(screen => /saved \S+\.jpg/.test(screen) && readdirSync(directory).some(file => file.endsWith('.jpg')), 'the saved notice and file');
				}

				if (ending === 'q' || ending === 'C-c') {
					session.keys(ending, ending === 'q');
				} else {
					const shell = Number(session.format('#{pane_pid}'));
					const camtop = childOf(shell);
					assert.ok(camtop, 'camtop runs under the shell');
					process.kill(camtop, ending);
				}

				const screen = await session.waitFor(text => text.includes('camtop exited'), 'camtop to exit');
				assert.match(screen, new RegExp(`camtop exited ${exitStatus[ending]}`));
				const recorded = readFileSync(path.join(directory, recording()!));
				const frames = wholeFrameRun(recorded, server.sentFrames(name));
				assert.ok(frames >= 2, `the recording is ${frames} whole consecutive frames as sent (${recorded.length} bytes)`);
				if (ending === 'q') {
					const jpg = readdirSync(directory).find(file => file.endsWith('.jpg'));
					assert.ok(jpg && existsSync(path.join(directory, jpg)));
					const saved = readFileSync(path.join(directory, jpg));
					assert.ok(server.sentFrames(name).some(frame => Buffer.from(frame).equals(saved)), 'the saved frame is one sent, unchanged');
				}
			} finally {
				session.kill();
			}
		});
	}
});
