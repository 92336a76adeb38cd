import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {STALE_BRIGHTNESS} from '../../source/render/stale-dim.js';
import {TmuxSession} from '../helpers/tmux.js';
import {CLI, TSX, TMUX_ENV} from '../helpers/cli-paths.js';


/**
Brightness of the picture on rows `from`…`to` of a `capture-pane -e` screen: the sum over
every cell of its mean channel value (a half block: both halves; a space: its background),
and how many cells carry a colour. tmux writes colours as SGR truecolor (38;2 / 48;2); a
reset (0, 39, 49) goes back to the default colours, counted as black.
*/
function pictureBrightness(screen: string, from: number, to: number): {total: number; cells: number} {
	const level = (colour: number[] | undefined) => (colour === undefined ? 0 : (colour[0]! + colour[1]! + colour[2]!) / 3);
	let total = 0;
	let cells = 0;
	for (const line of screen.split('\n').slice(from, to)) {
		let fg: number[] | undefined;
		let bg: number[] | undefined;
		// eslint-disable-next-line no-control-regex -- reading tmux's SGR output is the point
		for (const token of line.matchAll(/\u001B\[([\d;]*)m|([^\u001B])/g)) {
			const char = token[2];
			if (char !== undefined) {
				if (fg !== undefined || bg !== undefined) {
					cells++;
					total += char === '▀' || char === '▄' ? (level(fg) + level(bg)) / 2 : (char === '█' ? level(fg) : level(bg));
				}

				continue;
			}

			const parameters = (token[1] ?? '').split(';').map(Number);
			for (let index = 0; index < parameters.length; index++) {
				const code = parameters[index]!;
				if (code === 0) {
					fg = undefined;
					bg = undefined;
				} else if (code === 39) {
					fg = undefined;
				} else if (code === 49) {
					bg = undefined;
				} else if ((code === 38 || code === 48) && parameters[index + 1] === 2) {
					const colour = parameters.slice(index + 2, index + 5);
					if (code === 38) {
						fg = colour;
					} else {
						bg = colour;
					}

					index += 4;
				}
			}
		}
	}

	return {total, cells};
}

/** The screen's text without tmux's colour escapes. */
// eslint-disable-next-line no-control-regex -- removing SGR sequences is the point
const plain = (screen: string) => screen.replaceAll(/\u001B\[[\d;]*m/g, '');

describe('a stalled camera in a real terminal (tmux): the last frame dimmed, its age in the title, then live again', {timeout: 180_000}, () => {
	let directory = '';
	let server: DemoServer;
	let session: TmuxSession;

	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-stall-'));
		// The simulator's `stall` fault: two frames, then silence on an open connection; the same again after each reconnect.
		server = await startDemoServer([{name: 'stall', width: 160, height: 120, fps: 10, fault: {kind: 'stall'}}]);
		await writeFile(path.join(directory, 'cameras.json'), JSON.stringify({cameras: [{name: 'porch', url: `${server.url}/stall.mjpeg`}]}));
		const command = `node --import ${TSX} ${CLI}; echo "camtop exited $?"; sleep 60`;
		session = new TmuxSession(command, {columns: 80, rows: 24, cwd: directory, env: TMUX_ENV});
	});

	after(async () => {
		session.kill();
		await server.close();
		await rm(directory, {recursive: true, force: true});
	});

	test('live → stalled (dimmed, "last frame N s ago") → reconnected, live and bright again', async () => {
		// Picture rows: below the title row, above the status line.
		const rows = [2, 22] as const;
		const isLive = (screen: string) => /\b1 porch live\b/.test(plain(screen)) && !plain(screen).includes('last frame');
		const live = await session.waitFor(screen => isLive(screen) && pictureBrightness(screen, ...rows).cells > 500, 'the camera live with its picture', 30_000, true);
		const before = pictureBrightness(live, ...rows).total;
		assert.ok(before > 500 * 20, `the picture is not black (${before.toFixed(0)})`);

		// The stall watchdog (10 s) fires; the state holds for the backoff step: about 1 s the
		// first time, 2 s and 5 s on the next cycles (a 10 s live spell is not a healthy period),
		// so a loaded machine that misses the first window catches a later one. Title and
		// picture are read from the same screen.
		const stalledScreen = await session.waitFor(screen => {
			const {total, cells} = pictureBrightness(screen, ...rows);
			return /\b1 porch stalled · last frame \d+ s ago/.test(plain(screen)) && cells > 500 && total < before * ((STALE_BRIGHTNESS + 1) / 2);
		}, 'the title "stalled · last frame N s ago" over the dimmed picture', 60_000, true);
		const age = Number(/stalled · last frame (\d+) s ago/.exec(plain(stalledScreen))![1]);
		assert.ok(age >= 9, `the age is the time since the last frame (${age} s)`);
		const during = pictureBrightness(stalledScreen, ...rows).total;
		assert.ok(Math.abs(during - (before * STALE_BRIGHTNESS)) < before * 0.15, `dimmed to about ${STALE_BRIGHTNESS}: ${before.toFixed(0)} → ${during.toFixed(0)}`);

		// It reconnects by itself, gets frames again and the picture is bright again.
		const reconnects = Number(/↻(\d+)/.exec(plain(stalledScreen))?.[1] ?? 0);
		const again = await session.waitFor(screen => isLive(screen) && Number(/↻(\d+)/.exec(plain(screen))?.[1] ?? 0) > reconnects && pictureBrightness(screen, ...rows).total > before * 0.85, 'live again after the reconnect, undimmed', 30_000, true);
		const after = pictureBrightness(again, ...rows).total;
		assert.ok(after > during * 1.5, `brighter again: ${during.toFixed(0)} → ${after.toFixed(0)}`);
	});
});
