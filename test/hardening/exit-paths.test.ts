import {before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {demoFixture} from '../helpers/demo-fixture.js';
import {childrenOf, processExists, processTable} from '../helpers/proc.js';
import {ffmpegMissing} from '../helpers/ffmpeg.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {TmuxSession} from '../helpers/tmux.js';
import {CLI, TSX, TMUX_ENV} from '../helpers/cli-paths.js';

const crashMonitor = fileURLToPath(new URL('crash-monitor.ts', import.meta.url));

const endings = ['q', 'SIGTERM', 'SIGHUP', 'crash'] as const;
type Ending = typeof endings[number];
/** camtop's exit status after each ending: 128 + signal number for signals, 1 for a crash. */
const exitStatus: Record<Ending, number> = {q: 0, SIGTERM: 143, SIGHUP: 129, crash: 1};

describe('every way out with an ffmpeg camera (tmux): no ffmpeg left, the terminal restored', {skip: skipUnlessInstalled(ffmpegMissing), timeout: 240_000}, () => {
	const demo = demoFixture('camtop-exit-', [{name: 'cam', width: 160, height: 120, fps: 10}]);

	before(async () => {
		await writeFile(path.join(demo.directory, 'cameras.json'), JSON.stringify({cameras: [{name: 'viaffmpeg', url: `${demo.server.url}/cam.mjpeg`, kind: 'ffmpeg'}]}));
	});

	for (const ending of endings) {
		test(`${ending}: exit status ${exitStatus[ending]}, every ffmpeg reaped, main screen, cursor shown, cooked mode`, async () => {
			const program = ending === 'crash' ? `${crashMonitor} 30 ${demo.server.url}/cam.mjpeg` : `${CLI} --config cameras.json`;
			// After camtop: its status, then the tty's line discipline (raw mode off means icanon and echo on).
			const command = `node --import ${TSX} ${program}; echo "camtop exited $?"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; echo; sleep 60`;
			const session = new TmuxSession(command, {columns: 100, rows: 30, cwd: demo.directory, env: TMUX_ENV});
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
					assert.ok(!processExists(pid), `ffmpeg ${pid} is left: ${JSON.stringify(processTable().find(entry => entry.pid === pid))}`);
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
