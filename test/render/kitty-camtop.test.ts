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
The real camtop in a real kitty (0.26, under Xvfb): one camera (a local MJPEG server sending
a picture of coloured blocks) shown as a kitty image, the help overlay opened over it with
`?` and closed again, then `q`. Keys are typed and the screen's text read through kitty's
remote control (`kitty @ send-text`, `get-text`); screenshots show the pixels. kitty-terminal
.test.ts checks the painter in detail; this checks the monitor around it: detection picks
kitty, keys reach camtop in kitty, the overlay's cells win, and quitting leaves nothing.
*/

const missing = missingTools(['kitty', 'Xvfb', 'import']);
const cli = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));
const tsx = import.meta.resolve('tsx');
/** kitty's background: the window's pixel size (80×24 cells) is the extent of this colour (Xvfb's root is black). */
const BACKGROUND: [number, number, number] = [16, 16, 16];
const FIND = 40;
const WAIT_MS = 60_000;

describe('camtop in a real kitty (under Xvfb)', {skip: skipUnlessInstalled(missing.length > 0 ? `needs ${missing.join(', ')}` : false)}, () => {
	let directory = '';
	let display = '';
	let socket = '';
	let camera: BlocksCamera | undefined;
	let xvfb: ChildProcess | undefined;
	let kitty: ChildProcess | undefined;

	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-kitty-app-'));
		socket = path.join(directory, 'kitty.sock');
		camera = await startBlocksCamera();
		const {url} = camera;
		({process: xvfb, display} = await startXvfb());
		const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
		// The shell stays after camtop so the window (and the screen after quit) can be looked at.
		const command = `'${process.execPath}' --import '${tsx}' '${cli}' '${url}'; echo $? > '${path.join(directory, 'exit')}'; exec sleep 120`;
		kitty = spawn('kitty', [
			'--config', 'NONE', '-o', 'allow_remote_control=yes', '--listen-on', `unix:${socket}`,
			'-o', 'remember_window_size=no', '-o', 'initial_window_width=80c', '-o', 'initial_window_height=24c',
			'-o', 'window_padding_width=0', '-o', `background=#${BACKGROUND.map(value => value.toString(16).padStart(2, '0')).join('')}`,
			'-o', 'foreground=#c0c0c0', '-o', 'cursor_blink_interval=0', '-o', 'enable_audio_bell=no',
			'sh', '-c', command,
		], {env: {...process.env, DISPLAY: display, LIBGL_ALWAYS_SOFTWARE: '1', TSX_TSCONFIG_PATH: tsconfig}, stdio: 'ignore'});
	});

	after(async () => {
		await stop(kitty);
		await stop(xvfb);
		camera?.close();
		await rm(directory, {recursive: true, force: true});
	});

	const remote = (...args: string[]) => spawnSync('kitty', ['@', '--to', `unix:${socket}`, ...args], {encoding: 'utf8', timeout: 10_000});
	const screenText = () => (existsSync(socket) ? remote('get-text').stdout ?? '' : '');
	const type = (text: string) => {
		const result = remote('send-text', text);
		assert.equal(result.status, 0, result.stderr);
	};

	const alive = () => kitty?.exitCode === null && kitty.signalCode === null;
	const waitFor = async (condition: () => boolean, what: string) => {
		await until(() => condition() || !alive(), what, WAIT_MS, 100);
		assert.ok(alive(), `kitty exited while waiting for ${what}`);
	};

	test('detection picks kitty, the picture is shown, the help overlay hides it under its cells and gives it back, q quits and leaves nothing', async () => {
		// The status line (the last row) names the mode in use.
		const statusLine = () => screenText().trimEnd().split('\n').at(-1) ?? '';
		await waitFor(() => / kitty /.test(statusLine()) && / live /.test(screenText()), 'camtop live in kitty mode');
		const shoot = async (name: string, accept: (shot: Shot) => boolean) => screenshotUntil(display, directory, `kitty-app-${name}`, accept);
		let shot = await shoot('live', candidate => FRAME_1.every(color => box(candidate, color, FIND).count > 1000));
		const window = box(shot, BACKGROUND, 2);
		// (kitty 0.26 makes the window a pixel wider and taller than its cells.)
		const cell = {width: Math.floor((window.x1 + 1) / 80), height: Math.floor((window.y1 + 1) / 24)};
		assert.ok(window.x1 + 1 - (80 * cell.width) <= 2 && window.y1 + 1 - (24 * cell.height) <= 2, `a window of 80×24 cells (${window.x1 + 1}×${window.y1 + 1} px)`);
		// The picture, letterboxed in its tile: from the top-left block to the bottom-right one.
		const first = box(shot, FRAME_1[0]!, FIND);
		const last = box(shot, FRAME_1[7]!, FIND);
		const picture = {left: first.x0, top: first.y0, width: last.x1 - first.x0 + 1, height: last.y1 - first.y0 + 1};
		const result = difference(crop(shot, picture.left, picture.top, picture.width, picture.height), blocks(FRAME_1, picture.width, picture.height));
		assert.ok(result.mean <= 6 && result.offShare <= 0.05, `the tile shows the camera's picture: mean difference ${result.mean.toFixed(2)}, ${(result.offShare * 100).toFixed(2)} % of pixels off`);

		type('?');
		await waitFor(() => screenText().includes('camtop keys'), 'the help overlay');
		const lines = screenText().split('\n');
		const top = lines.findIndex(line => line.includes('╭'));
		const bottom = lines.findIndex(line => line.includes('╰'));
		const left = [...lines[top]!].indexOf('╭');
		const right = [...lines[top]!].indexOf('╮');
		assert.ok(top >= 0 && bottom > top && left >= 0 && right > left, 'the overlay box on screen');
		const under = (candidate: Shot) => crop(candidate, left * cell.width, top * cell.height, (right - left + 1) * cell.width, (bottom - top + 1) * cell.height);
		shot = await shoot('help', candidate => FRAME_1.every(color => box(under(candidate), color, FIND).count === 0));
		for (const color of FRAME_1) {
			assert.equal(box(under(shot), color, FIND).count, 0, `no ${color.join(',')} under the help overlay's cells`);
		}

		// The help text stays in the cells under the image (kitty draws the image over them and
		// get-text reads the cells), so the screenshot tells when the overlay has closed.
		type('?');
		shot = await shoot('restored', candidate => {
			const again = difference(crop(candidate, picture.left, picture.top, picture.width, picture.height), blocks(FRAME_1, picture.width, picture.height));
			return again.mean <= 6 && again.offShare <= 0.05;
		});
		const restored = difference(crop(shot, picture.left, picture.top, picture.width, picture.height), blocks(FRAME_1, picture.width, picture.height));
		assert.ok(restored.mean <= 6 && restored.offShare <= 0.05, `the picture is back at the same place: mean difference ${restored.mean.toFixed(2)}`);

		type('q');
		const exitFile = path.join(directory, 'exit');
		await waitFor(() => existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '', 'camtop to quit');
		assert.equal(readFileSync(exitFile, 'utf8').trim(), '0', 'camtop exits with 0');
		shot = await shoot('quit', candidate => FRAME_1.every(color => box(candidate, color, FIND).count === 0));
		for (const color of FRAME_1) {
			assert.equal(box(shot, color, FIND).count, 0, `no ${color.join(',')} left on screen after quit`);
		}

		assert.doesNotMatch(screenText(), /camtop keys| kitty | live /, 'the main screen is back');
	});
});
