import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {processExists} from '../helpers/proc.js';
import {ffmpegMissing} from '../helpers/ffmpeg.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {TmuxSession} from '../helpers/tmux.js';

const cli = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));
const crashMonitor = fileURLToPath(new URL('ffmpeg-crash-monitor.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

const endings = ['q', 'SIGTERM', 'SIGHUP', 'crash'] as const;
type Ending = typeof endings[number];
/** camtop's exit status after each ending: 128 + signal number for signals, 1 for a crash. */
const exitStatus: Record<Ending, number> = {q: 0, SIGTERM: 143, SIGHUP: 129, crash: 1};

type Proc = {readonly pid: number; readonly ppid: number; readonly comm: string; readonly state: string};

function processes(): Proc[] {
	const found: Proc[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) {
			continue;
		}

		try {
			// proc(5): "pid (comm) state ppid …"; comm may hold spaces, so split after the last ')'.
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const close = stat.lastIndexOf(')');
			const [state = '', ppid = ''] = stat.slice(close + 2).split(' ');
			found.push({pid: Number(name), ppid: Number(ppid), comm: stat.slice(stat.indexOf('(') + 1, close), state});
		} catch {
			// The process ended while we looked.
		}
	}

	return found;
}

const childrenOf = (parent: number, comm?: string) => processes().filter(entry => entry.ppid === parent && (comm === undefined || entry.comm === comm));

describe('every way out with an ffmpeg camera (tmux): no ffmpeg left, the terminal restored', {skip: skipUnlessInstalled(ffmpegMissing), timeout: 240_000}, () => {
	let server: DemoServer;
	let directory = '';

	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-exit-'));
		server = await startDemoServer([{name: 'cam', width: 160, height: 120, fps: 10}]);
		await writeFile(path.join(directory, 'cameras.json'), JSON.stringify({cameras: [{name: 'viaffmpeg', url: `${server.url}/cam.mjpeg`, kind: 'ffmpeg'}]}));
	});

	after(async () => {
		await server.close();
		await rm(directory, {recursive: true, force: true});
	});

	for (const ending of endings) {
		test(`${ending}: exit status ${exitStatus[ending]}, every ffmpeg reaped, main screen, cursor shown, cooked mode`, async () => {
			const program = ending === 'crash' ? `${crashMonitor} ${server.url}/cam.mjpeg 30` : `${cli} --config cameras.json`;
			// After camtop: its status, then the tty's line discipline (raw mode off means icanon and echo on).
			const command = `node --import ${tsx} ${program}; echo "camtop exited $?"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 60`;
			const session = new TmuxSession(command, {columns: 100, rows: 30, cwd: directory, env: {TERM: 'xterm-256color', COLORTERM: 'truecolor', TSX_TSCONFIG_PATH: tsconfig}});
			try {
				await session.waitFor(screen => /viaffmpeg live/.test(screen) && screen.includes('▀'), 'the ffmpeg camera live on screen', 30_000);
				const shell = Number(session.format('#{pane_pid}'));
				const camtop = childrenOf(shell)[0]?.pid;
				assert.ok(camtop, `camtop runs under the pane shell: ${JSON.stringify(childrenOf(shell))}`);
				const ffmpeg = childrenOf(camtop, 'ffmpeg').map(entry => entry.pid);
				assert.ok(ffmpeg.length >= 1, 'camtop runs ffmpeg');

				if (ending === 'q') {
					session.keys('q', true);
				} else if (ending !== 'crash') {
					process.kill(camtop, ending);
				}

				const screen = await session.waitFor(text => /camtop exited \d+/.test(text) && /icanon/.test(text), 'camtop to exit and the stty line', 30_000);
				assert.match(screen, new RegExp(`camtop exited ${exitStatus[ending]}\\b`));
				if (ending === 'crash') {
					assert.match(screen, /boom with ffmpeg running/, 'the error is printed on the normal screen');
				}

				// Reaped by camtop itself before it exited: no ffmpeg, not even a zombie handed to init,
				// is left once the shell has printed camtop's exit status.
				for (const pid of ffmpeg) {
					assert.ok(!processExists(pid), `ffmpeg ${pid} is left: ${JSON.stringify(processes().find(entry => entry.pid === pid))}`);
				}

				assert.equal(session.format('#{alternate_on}'), '0', 'back on the main screen');
				assert.equal(session.format('#{cursor_flag}'), '1', 'cursor shown');
				assert.match(screen, /icanon echo\s/, 'raw mode off');
				assert.ok(!screen.includes('▀'), 'no picture left on the main screen');
			} finally {
				session.kill();
			}
		});
	}
});
