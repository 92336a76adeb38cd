import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {until} from '../helpers/until.js';
import {box, type Shot} from './x-screen.js';

/*
A real-terminal check of sixel: xterm in VT340 mode (`-ti vt340`, 256 colour registers)
under Xvfb shows a four-colour tile drawn by the compositor; screenshots (ImageMagick
`import`) are read back with sharp. Needs the Debian packages xterm, xvfb and imagemagick;
skipped when they are missing (run `apt-get install xterm xvfb imagemagick`).
*/

const tools = ['xterm', 'Xvfb', 'import'];
const missing = tools.filter(tool => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const script = fileURLToPath(new URL('fixtures/sixel-in-xterm.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');


const untilShown = async (condition: () => boolean, what: string, timeoutMs = 20_000) => until(condition, what, timeoutMs, 50);

describe('sixel in a real xterm (-ti vt340 under Xvfb)', {skip: skipUnlessInstalled(missing.length > 0 ? `needs ${missing.join(', ')}` : false)}, () => {
	let directory = '';
	let display = '';
	let xvfb: ChildProcess | undefined;
	let xterm: ChildProcess | undefined;

	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-xterm-'));
		// Xvfb picks a free display number and writes it to fd 3.
		xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '800x600x24', '-nolisten', 'tcp'], {stdio: ['ignore', 'ignore', 'ignore', 'pipe']});
		let number = '';
		xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
			number += chunk.toString();
		});
		await untilShown(() => number.includes('\n'), 'Xvfb to start');
		display = `:${number.trim()}`;
		const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
		xterm = spawn('xterm', [
			'-ti', 'vt340', '-xrm', 'XTerm*numColorRegisters: 256', '-xrm', 'XTerm*allowWindowOps: true',
			'-geometry', '80x24+0+0', '-bg', 'black', '-fg', 'grey',
			'-e', process.execPath, '--import', tsx, script, directory,
		], {env: {...process.env, DISPLAY: display, TSX_TSCONFIG_PATH: tsconfig}, stdio: 'ignore'});
	});

	after(async () => {
		xterm?.kill();
		xvfb?.kill();
		await rm(directory, {recursive: true, force: true});
	});

	async function screenshot(name: string): Promise<Shot> {
		const file = path.join(directory, `${name}.png`);
		const result = spawnSync('import', ['-display', display, '-window', 'root', file]);
		assert.equal(result.status, 0, String(result.stderr));
		const {data, info} = await sharp(file).removeAlpha().raw().toBuffer({resolveWithObject: true});
		if (process.env.CAMTOP_KEEP_SCREENSHOTS) {
			writeFileSync(path.join(process.env.CAMTOP_KEEP_SCREENSHOTS, `${name}.png`), readFileSync(file));
		}

		return {data, width: info.width, height: info.height};
	}

	test('xterm shows the tile at its cells, the overlay removes it, closing the overlay restores it', async () => {
		await untilShown(() => existsSync(path.join(directory, 'step-1.json')), 'the tile to be drawn');
		const info = JSON.parse(readFileSync(path.join(directory, 'step-1.json'), 'utf8')) as {mode: string; cell: {width: number; height: number}; cellSizeReported: boolean; rect: {x: number; y: number; width: number; height: number}};
		assert.equal(info.mode, 'sixel', 'xterm -ti vt340 answers DA1 with attribute 4');
		assert.equal(info.cellSizeReported, true, 'xterm reports its cell size');
		// Give xterm a moment to paint after the write (polled: the red quadrant appears).
		let shot = await screenshot('tile');
		for (let tries = 0; tries < 40 && box(shot, [255, 0, 0]).count === 0; tries++) {
			await new Promise(resolve => setTimeout(resolve, 100));
			shot = await screenshot('tile');
		}

		const red = box(shot, [255, 0, 0]);
		const green = box(shot, [0, 255, 0]);
		const blue = box(shot, [0, 0, 255]);
		const quadrantWidth = (info.rect.width * info.cell.width) / 2;
		const quadrantHeight = (info.rect.height * info.cell.height) / 2;
		assert.equal(red.x1 - red.x0 + 1, quadrantWidth);
		assert.equal(red.y1 - red.y0 + 1, quadrantHeight);
		assert.equal(red.count, quadrantWidth * quadrantHeight, 'a solid quadrant');
		assert.equal(green.x0, red.x1 + 1);
		assert.equal(green.y0, red.y0);
		assert.equal(blue.x0, red.x0);
		assert.equal(blue.y0, red.y1 + 1);
		// The tile starts at its cell: column 4, row 3 (plus xterm's border).
		assert.equal((red.x0 - (4 * info.cell.width)) >= 0 && (red.x0 - (4 * info.cell.width)) <= 4, true);

		writeFileSync(path.join(directory, 'go-1'), '');
		await untilShown(() => existsSync(path.join(directory, 'step-2.json')), 'the overlay');
		const covered = await screenshot('overlay');
		// Inside the overlay's cells (x 8–19, y 5–7) no picture pixel is left.
		const left = red.x0 + (4 * info.cell.width);
		const top = red.y0 + (2 * info.cell.height);
		const inside = {data: Buffer.alloc(12 * info.cell.width * 3 * info.cell.height * 3), width: 12 * info.cell.width, height: 3 * info.cell.height};
		for (let y = 0; y < inside.height; y++) {
			covered.data.copy(inside.data, y * inside.width * 3, (((top + y) * covered.width) + left) * 3, (((top + y) * covered.width) + left + inside.width) * 3);
		}

		for (const color of [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 255]] as Array<[number, number, number]>) {
			assert.equal(box(inside, color).count, 0, `no ${color.join(',')} under the overlay`);
		}

		writeFileSync(path.join(directory, 'go-2'), '');
		await untilShown(() => existsSync(path.join(directory, 'step-3.json')), 'the overlay to close');
		let restored = await screenshot('restored');
		for (let tries = 0; tries < 40 && box(restored, [255, 0, 0]).count !== red.count; tries++) {
			await new Promise(resolve => setTimeout(resolve, 100));
			restored = await screenshot('restored');
		}

		assert.deepEqual(box(restored, [255, 0, 0]), red);
		assert.deepEqual(box(restored, [0, 0, 255]), blue);
		writeFileSync(path.join(directory, 'go-3'), '');
	});
});
