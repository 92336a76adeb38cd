import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {until} from '../helpers/until.js';
import {blocks, FRAME_1} from './fixtures/image-blocks.js';
import {startBlocksCamera, type BlocksCamera} from './blocks-camera.js';
import {box, crop, difference, missingTools, screenshotUntil, startXvfb, stop, type Shot} from './x-screen.js';

/*
The real camtop drawing iTerm2 inline images (`--mode iterm2`; auto picks sixel in mlterm)
in a real mlterm 3.9 under Xvfb: one camera (a local MJPEG server sending coloured blocks),
the help overlay opened over it with `?` and closed again, then `q`. Keys are typed with
xdotool (X test events to the window under the pointer; there is no window manager);
screenshots show the pixels. mlterm-iterm2.test.ts checks the painter in detail.
*/

const missing = missingTools(['mlterm', 'Xvfb', 'import', 'xdotool']);
const cli = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));
const tsx = import.meta.resolve('tsx');
const FIND = 40;
const WAIT_MS = 60_000;

describe('camtop with iTerm2 images in a real mlterm (under Xvfb)', {skip: skipUnlessInstalled(missing.length > 0 ? `needs ${missing.join(', ')}` : false)}, () => {
	let directory = '';
	let display = '';
	let camera: BlocksCamera | undefined;
	let xvfb: ChildProcess | undefined;
	let mlterm: ChildProcess | undefined;

	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-mlterm-app-'));
		camera = await startBlocksCamera();
		({process: xvfb, display} = await startXvfb());
		const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
		// The shell stays after camtop so the screen after quit can be looked at.
		const command = `'${process.execPath}' --import '${tsx}' '${cli}' --mode iterm2 '${camera.url}'; echo $? > '${path.join(directory, 'exit')}'; exec sleep 120`;
		mlterm = spawn('mlterm', ['--geometry=80x24+0+0', '--sb=false', '--bg=black', '--fg=#c0c0c0', '-e', 'sh', '-c', command], {
			env: {...process.env, DISPLAY: display, TSX_TSCONFIG_PATH: tsconfig}, stdio: 'ignore',
		});
	});

	after(async () => {
		await stop(mlterm);
		await stop(xvfb);
		camera?.close();
		await rm(directory, {recursive: true, force: true});
	});

	const alive = () => mlterm?.exitCode === null && mlterm.signalCode === null;
	const type = (text: string) => {
		const result = spawnSync('xdotool', ['mousemove', '100', '100', 'type', '--delay', '0', text], {env: {...process.env, DISPLAY: display}, encoding: 'utf8', timeout: 10_000});
		assert.equal(result.status, 0, result.stderr);
	};

	test('the picture is shown, the help overlay hides it and gives it back, q quits and leaves nothing', async () => {
		const shoot = async (name: string, accept: (shot: Shot) => boolean) => screenshotUntil(display, directory, `mlterm-app-${name}`, accept, WAIT_MS);
		let shot = await shoot('live', candidate => !alive() || FRAME_1.every(color => box(candidate, color, FIND).count > 1000));
		assert.ok(alive(), 'mlterm runs');
		// The picture, letterboxed in its tile: from the top-left block to the bottom-right one.
		const first = box(shot, FRAME_1[0]!, FIND);
		const last = box(shot, FRAME_1[7]!, FIND);
		const picture = {left: first.x0, top: first.y0, width: last.x1 - first.x0 + 1, height: last.y1 - first.y0 + 1};
		const shows = (candidate: Shot) => difference(crop(candidate, picture.left, picture.top, picture.width, picture.height), blocks(FRAME_1, picture.width, picture.height));
		let result = shows(shot);
		assert.ok(result.mean <= 6 && result.offShare <= 0.05, `the tile shows the camera's picture: mean difference ${result.mean.toFixed(2)}, ${(result.offShare * 100).toFixed(2)} % of pixels off`);

		// The help box covers the middle of the one tile (80×24): nothing of the picture there.
		type('?');
		const middle = (candidate: Shot) => crop(candidate, picture.left + Math.round(picture.width / 4), picture.top + Math.round(picture.height / 4), Math.round(picture.width / 2), Math.round(picture.height / 2));
		shot = await shoot('help', candidate => FRAME_1.every(color => box(middle(candidate), color, FIND).count === 0));
		for (const color of FRAME_1) {
			assert.equal(box(middle(shot), color, FIND).count, 0, `no ${color.join(',')} under the help overlay`);
		}

		type('?');
		shot = await shoot('restored', candidate => {
			const again = shows(candidate);
			return again.mean <= 6 && again.offShare <= 0.05;
		});
		result = shows(shot);
		assert.ok(result.mean <= 6 && result.offShare <= 0.05, `the picture is back at the same place: mean difference ${result.mean.toFixed(2)}`);

		type('q');
		const exitFile = path.join(directory, 'exit');
		await until(() => (existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '') || !alive(), 'camtop to quit', WAIT_MS, 100);
		assert.equal(readFileSync(exitFile, 'utf8').trim(), '0', 'camtop exits with 0');
		shot = await shoot('quit', candidate => FRAME_1.every(color => box(candidate, color, FIND).count === 0));
		for (const color of FRAME_1) {
			assert.equal(box(shot, color, FIND).count, 0, `no ${color.join(',')} left on screen after quit`);
		}
	});
});
