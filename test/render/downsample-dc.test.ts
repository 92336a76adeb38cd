import {Buffer} from 'node:buffer';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import sharp from 'sharp';
import {CamtopError} from '../../source/errors.js';
import {decodeCounts, downsample, type DecodePath} from '../../source/render/downsample.js';
import {AreaResizer} from '../../source/render/area-resize.js';
import {sharpJpeg} from './dc-fixtures.js';

/*
Which path downsample() takes (DC decoder or sharp), that both give the same picture, and
that the DC path keeps downsample's contract: exact output size, letterbox, ERR_DECODE for a
truncated or corrupt frame and nothing else.
*/

/*
The reference for a tile: sharp's full-size decode, area-averaged to the tile's size. The DC
path (8×8 block means, then the same box filter) is within a level of it on average; where a
hard edge crosses a block that the tile's pixel grid cuts, block means cannot place the edge
inside the block (up to ~30 levels there, on under 1 % of the values in these fixtures). So:
the mean error, and the share of values far off. sharp's own path (1/4 scaled decode, then
lanczos) is measured beside it: the DC path must be at least as close.
*/
const PATH_MEAN_ERROR = 1.5;
const PATH_FAR = 16;
const PATH_FAR_SHARE = 0.02;
const NO_WORSE_THAN_SHARP = 0.25;

async function pathOf(run: () => Promise<unknown>): Promise<DecodePath> {
	const before = {...decodeCounts};
	await run();
	if (decodeCounts.dc === before.dc + 1 && decodeCounts.sharp === before.sharp) {
		return 'dc';
	}

	assert.equal(decodeCounts.sharp, before.sharp + 1, 'exactly one decode counted');
	return 'sharp';
}

/** The picture as sharp's path makes it (the code downsample had before the DC path). */
async function viaSharp(jpeg: Uint8Array, width: number, height: number): Promise<Uint8Array> {
	return sharp(jpeg).resize(width, height, {fit: 'fill'}).removeAlpha().toColourspace('srgb').raw().toBuffer();
}

/** The reference: every pixel decoded, then averaged over each output pixel's area. */
async function areaAverage(jpeg: Uint8Array, width: number, height: number): Promise<Uint8Array> {
	const full = await sharp(jpeg).removeAlpha().toColourspace('srgb').raw().toBuffer({resolveWithObject: true});
	const output = new Uint8Array(width * height * 3);
	new AreaResizer().resize(full.data, full.info.width, full.info.height, full.info.width, full.info.height, output, width, height);
	return output;
}

function meanError(a: Uint8Array, b: Uint8Array): number {
	let sum = 0;
	for (let index = 0; index < a.length; index++) {
		sum += Math.abs(a[index]! - b[index]!);
	}

	return sum / a.length;
}

async function assertClose(picture: Uint8Array, jpeg: Uint8Array, width: number, height: number): Promise<void> {
	const where = `${width}x${height}`;
	const reference = await areaAverage(jpeg, width, height);
	assert.equal(picture.length, reference.length);
	let far = 0;
	for (let index = 0; index < picture.length; index++) {
		far += Math.abs(picture[index]! - reference[index]!) >= PATH_FAR ? 1 : 0;
	}

	const mean = meanError(picture, reference);
	assert.ok(mean <= PATH_MEAN_ERROR, `${where}: mean error ${mean.toFixed(2)}`);
	assert.ok(far / picture.length <= PATH_FAR_SHARE, `${where}: ${far} of ${picture.length} values off by ${PATH_FAR} or more`);
	const sharpMean = meanError(await viaSharp(jpeg, width, height), reference);
	assert.ok(mean <= sharpMean + NO_WORSE_THAN_SHARP, `${where}: mean error ${mean.toFixed(2)}, sharp's path ${sharpMean.toFixed(2)}`);
}

const isDecodeError = (error: unknown): boolean => error instanceof CamtopError && error.code === 'ERR_DECODE';

describe('downsample: the DC path', () => {
	test('tiles up to 1/8 of the frame take it, and match the sharp path', async () => {
		const jpeg = await sharpJpeg(1280, 720, {});
		// Sizes with the frame's aspect ratio (no letterbox), the two filters side by side.
		for (const [width, height] of [[160, 90], [142, 80], [39, 22], [16, 9]] as const) {
			let result: Awaited<ReturnType<typeof downsample>> | undefined;
			assert.equal(await pathOf(async () => {
				result = await downsample(jpeg, width, height);
			}), 'dc', `${width}x${height}`);
			assert.equal(result!.data.length, width * height * 3);
			assert.equal(result!.sourceWidth, 1280);
			await assertClose(result!.data, jpeg, width, height);
		}

		const one = await downsample(jpeg, 1, 1);
		assert.equal(one.data.length, 3);
	});

	test('odd frame sizes: the fitted size, letterboxed, close to sharp', async () => {
		const jpeg = await sharpJpeg(203, 117, {});
		// 203x117 in 20x20: fitted 20x12 (its 1/8 picture is 26x15), bars above and below.
		let result: Awaited<ReturnType<typeof downsample>> | undefined;
		assert.equal(await pathOf(async () => {
			result = await downsample(jpeg, 20, 20);
		}), 'dc');
		assert.equal(result!.data.length, 20 * 20 * 3);
		const top = 4;
		assert.ok(result!.data.subarray(0, top * 20 * 3).every(value => value === 0), 'black bar above');
		assert.ok(result!.data.subarray((top + 12) * 20 * 3).every(value => value === 0), 'black bar below');
		const picture = result!.data.subarray(top * 20 * 3, (top + 12) * 20 * 3);
		await assertClose(picture, jpeg, 20, 12);
	});

	test('bigger tiles, progressive frames and PNG snapshots take the sharp path', async () => {
		const jpeg = await sharpJpeg(320, 240, {});
		// 320x240 has a 40x30 picture at 1/8: 41x31 fits 41x30, more than 1/8 wide.
		assert.equal(await pathOf(async () => downsample(jpeg, 41, 31)), 'sharp');
		assert.equal(await pathOf(async () => downsample(jpeg, 40, 30)), 'dc');
		assert.equal(await pathOf(async () => downsample(jpeg, 41, 30)), 'dc');
		const progressive = await sharpJpeg(320, 240, {progressive: true});
		assert.equal(await pathOf(async () => downsample(progressive, 40, 30)), 'sharp');
		const png = await sharp(Buffer.alloc(64 * 48 * 3, 90), {raw: {width: 64, height: 48, channels: 3}}).png().toBuffer();
		assert.equal(await pathOf(async () => downsample(png, 8, 6)), 'sharp');
	});

	test('a truncated frame rejects with ERR_DECODE on the DC path', async () => {
		const jpeg = await sharpJpeg(320, 240, {});
		for (const cut of [jpeg.length - 2, Math.floor(jpeg.length / 2), 700]) {
			await assert.rejects(downsample(jpeg.subarray(0, cut), 40, 30), isDecodeError, `cut at ${cut}`);
		}
	});

	test('random corruption: a picture of the asked size or ERR_DECODE, on either path', async () => {
		const jpeg = await sharpJpeg(96, 64, {});
		const edit = fc.record({offset: fc.nat(), value: fc.integer({min: 0, max: 255})});
		await fc.assert(fc.asyncProperty(fc.array(edit, {minLength: 1, maxLength: 6}), fc.integer({min: 1, max: 12}), async (edits, width) => {
			const corrupt = Buffer.from(jpeg);
			for (const {offset, value} of edits) {
				corrupt[offset % corrupt.length] = value;
			}

			try {
				const result = await downsample(corrupt, width, 8);
				assert.equal(result.data.length, width * 8 * 3);
			} catch (error) {
				assert.ok(isDecodeError(error), String(error));
			}
		}), {numRuns: 150});
	});

	test('decodes started together run one a turn of the event loop, so I/O gets in between', async () => {
		const jpeg = await sharpJpeg(320, 240, {});
		const before = decodeCounts.dc;
		const decodes = Array.from({length: 6}, async () => downsample(jpeg, 40, 30));
		let doneWhenIoRan = -1;
		setImmediate(() => {
			doneWhenIoRan = decodeCounts.dc - before;
		});
		await Promise.all(decodes);
		assert.equal(decodeCounts.dc - before, 6);
		assert.ok(doneWhenIoRan >= 0 && doneWhenIoRan <= 2, `${doneWhenIoRan} of 6 decodes ran before a callback queued with them`);
	});

	test('a process whose frames all take the DC path never loads sharp', async () => {
		const directory = mkdtempSync(path.join(tmpdir(), 'camtop-dc-'));
		try {
			const file = path.join(directory, 'frame.jpg');
			writeFileSync(file, await sharpJpeg(640, 360, {}));
			const module = new URL('../../source/render/downsample.ts', import.meta.url).href;
			const script = `
				import {readFileSync} from 'node:fs';
				import {createRequire} from 'node:module';
				const {downsample, decodeCounts} = await import(${JSON.stringify(module)});
				const frame = readFileSync(${JSON.stringify(file)});
				for (let i = 0; i < 3; i++) await downsample(frame, 80, 45);
				const loaded = Object.keys(createRequire(import.meta.url).cache).some(name => name.includes('/sharp/'));
				console.log(JSON.stringify({loaded, counts: decodeCounts}));
				await downsample(frame, 320, 180);
				console.log(JSON.stringify({loaded: Object.keys(createRequire(import.meta.url).cache).some(name => name.includes('/sharp/')), counts: decodeCounts}));
			`;
			const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {encoding: 'utf8', timeout: 30_000});
			const [before, after] = output.trim().split('\n').map(line => JSON.parse(line) as {loaded: boolean; counts: Record<DecodePath, number>});
			assert.deepEqual(before, {loaded: false, counts: {dc: 3, sharp: 0}});
			assert.deepEqual(after, {loaded: true, counts: {dc: 3, sharp: 1}}, 'the check sees sharp once it is loaded');
		} finally {
			rmSync(directory, {recursive: true, force: true});
		}
	});
});

describe('AreaResizer', () => {
	test('averages whole and fractional input pixels by their overlap', () => {
		const resizer = new AreaResizer();
		// One row of 3 pixels, grey levels 0, 90, 180, reduced to 2: [0, 0.5 of 90] and [0.5 of 90, 180].
		const input = Uint8Array.from([0, 0, 0, 90, 90, 90, 180, 180, 180]);
		const output = new Uint8Array(6);
		resizer.resize(input, 3, 1, 3, 1, output, 2, 1);
		assert.deepEqual([...output], [30, 30, 30, 150, 150, 150]);
		// Only 2.5 input pixels are picture (the last is half padding): outputs cover [0, 1.25) and [1.25, 2.5).
		resizer.resize(input, 3, 1, 2.5, 1, output, 2, 1);
		assert.deepEqual([...output], [18, 18, 18, 126, 126, 126]);
	});

	test('same size is a copy; a flat picture stays flat at any size', () => {
		const resizer = new AreaResizer();
		const input = Uint8Array.from({length: 7 * 5 * 3}, (_, index) => (index * 37) % 256);
		const output = new Uint8Array(input.length);
		resizer.resize(input, 7, 5, 7, 5, output, 7, 5);
		assert.deepEqual(output, input);
		const flat = new Uint8Array(13 * 9 * 3).fill(77);
		for (const [width, height] of [[1, 1], [5, 4], [13, 9], [7, 2]] as const) {
			const reduced = new Uint8Array(width * height * 3);
			resizer.resize(flat, 13, 9, 12.625, 8.5, reduced, width, height);
			assert.ok(reduced.every(value => value === 77), `${width}x${height}`);
		}
	});
});
