import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {missingTools, startXvfb, stop} from './x-screen.js';
import {checkImageTile, type Step} from './image-terminal-check.js';

/*
A real-terminal check of the kitty graphics protocol: kitty 0.26 (Debian package `kitty`)
under Xvfb, drawing with Mesa's software OpenGL (`LIBGL_ALWAYS_SOFTWARE=1`), runs
fixtures/image-in-terminal.ts: camtop's detection, TileRenderer and Compositor place a
tile, replace it, hide it under an overlay, restore it and quit; screenshots are compared
with the source picture (image-terminal-check.ts). Skipped when kitty, Xvfb or ImageMagick
are missing (`apt-get install kitty libgl1-mesa-dri xvfb imagemagick`).

The driver runs in `split` mode: every synchronized update reaches kitty in two reads, the
first ending inside the first escape sequence after `?2026h`, as happens at random on a busy
machine. kitty 0.26 dropped that sequence (a frame edit: the old picture stayed on screen)
until the compositor put a NUL after `?2026h` (ansi-out.ts, SYNC_BEGIN).
*/

const missing = missingTools(['kitty', 'Xvfb', 'import']);
const script = fileURLToPath(new URL('fixtures/image-in-terminal.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

describe('kitty graphics in a real kitty (under Xvfb)', {skip: skipUnlessInstalled(missing.length > 0 ? `needs ${missing.join(', ')}` : false)}, () => {
	let directory = '';
	let display = '';
	let xvfb: ChildProcess | undefined;
	let kitty: ChildProcess | undefined;

	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-kitty-'));
		({process: xvfb, display} = await startXvfb());
		const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
		kitty = spawn('kitty', [
			'--config', 'NONE',
			'-o', 'remember_window_size=no', '-o', 'initial_window_width=80c', '-o', 'initial_window_height=24c',
			'-o', 'window_padding_width=0', '-o', 'background=#000000', '-o', 'foreground=#c0c0c0',
			'-o', 'cursor_blink_interval=0', '-o', 'enable_audio_bell=no',
			process.execPath, '--import', tsx, script, directory, 'kitty', 'split',
		], {env: {...process.env, DISPLAY: display, LIBGL_ALWAYS_SOFTWARE: '1', TSX_TSCONFIG_PATH: tsconfig}, stdio: 'ignore'});
	});

	after(async () => {
		await stop(kitty);
		await stop(xvfb);
		await rm(directory, {recursive: true, force: true});
	});

	test('kitty shows the tile at its cells, replaces it in place, deletes it under the overlay, restores it, and leaves nothing after quit', async t => {
		await checkImageTile({directory, display, alive: () => kitty?.exitCode === null && kitty.signalCode === null, shotPrefix: 'kitty', tolerance: {mean: 3, offShare: 0.005}}, (step: Step, info) => {
			switch (step) {
				case 'placed': {
					t.diagnostic(`detected in kitty: ${String(info.mode)} (${String(info.reason)}; XTVERSION ${String(info.version)}; cell ${JSON.stringify(info.cell)})`);
					assert.equal(info.mode, 'kitty', `kitty answers the a=q query (${String(info.reason)})`);
					assert.equal(info.cellSizeReported, true, 'kitty reports its cell size');
					assert.equal(info.commands['kitty a=T'], 1, 'one transmit-and-place');
					assert.ok((info.commands['kitty m=1'] ?? 0) >= 2 && info.commands['kitty m=0'] === 1, `the picture in several 4096-byte chunks (${JSON.stringify(info.commands)})`);
					break;
				}

				case 'replaced': {
					assert.equal(info.commands['kitty a=T'], undefined, 'no new image for a changed frame');
					assert.ok((info.commands['kitty a=f'] ?? 0) >= 1, 'the changed blocks edited into the root frame');
					// kitty 0.26 redraws a chunked edit only when the placement is put again (kitty-painter.ts).
					assert.equal(info.commands['kitty a=p'], 1, 'the placement put again');
					break;
				}

				case 'covered': {
					assert.equal(info.commands['kitty a=d'], 1, 'the image deleted under the overlay');
					break;
				}

				case 'restored': {
					assert.equal(info.commands['kitty a=T'], 1, 'placed again once uncovered');
					break;
				}

				case 'quit': {
					break;
				}
			}
		});
	});
});
