import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {CamtopError} from '../../source/errors.js';
import {downsample} from '../../source/render/downsample.js';
import {jpegSize} from '../../source/render/jpeg-size.js';

type Rgb = readonly [number, number, number];
const RED: Rgb = [255, 0, 0];
const GREEN: Rgb = [0, 255, 0];
const BLUE: Rgb = [0, 0, 255];
const WHITE: Rgb = [255, 255, 255];
// Chroma subsampling smears colour edges; well inside a quadrant the error stays small.
const TOLERANCE = 40;

async function quadrantJpeg(width: number, height: number, options: {progressive?: boolean} = {}): Promise<Uint8Array> {
	const raw = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const color = y < height / 2 ? (x < width / 2 ? RED : GREEN) : (x < width / 2 ? BLUE : WHITE);
			raw.set(color, ((y * width) + x) * 3);
		}
	}

	return sharp(raw, {raw: {width, height, channels: 3}}).jpeg({quality: 90, progressive: options.progressive ?? false}).toBuffer();
}

function pixel(data: Uint8Array, width: number, x: number, y: number): Rgb {
	const index = ((y * width) + x) * 3;
	return [data[index]!, data[index + 1]!, data[index + 2]!];
}

function assertNear(actual: Rgb, expected: Rgb, where: string): void {
	for (let channel = 0; channel < 3; channel++) {
		assert.ok(Math.abs(actual[channel]! - expected[channel]!) <= TOLERANCE, `${where}: ${actual.join(',')} vs ${expected.join(',')}`);
	}
}

describe('downsample', () => {
	test('quadrants of a 1280x720 frame land in the right places of an 80x44 image', async () => {
		const result = await downsample(await quadrantJpeg(1280, 720), 80, 44);
		assert.equal(result.width, 80);
		assert.equal(result.height, 44);
		assert.equal(result.sourceWidth, 1280);
		assert.equal(result.sourceHeight, 720);
		assert.equal(result.data.length, 80 * 44 * 3);
		assertNear(pixel(result.data, 80, 20, 10), RED, 'top left');
		assertNear(pixel(result.data, 80, 60, 10), GREEN, 'top right');
		assertNear(pixel(result.data, 80, 20, 33), BLUE, 'bottom left');
		assertNear(pixel(result.data, 80, 60, 33), WHITE, 'bottom right');
	});

	test('a 4:3 source in a 16:9 box is letterboxed on black, aspect kept', async () => {
		const result = await downsample(await quadrantJpeg(640, 480), 160, 90);
		// 640x480 scaled to height 90 is 120 wide: 20 black columns either side.
		assertNear(pixel(result.data, 160, 5, 45), [0, 0, 0], 'left bar');
		assertNear(pixel(result.data, 160, 154, 45), [0, 0, 0], 'right bar');
		assertNear(pixel(result.data, 160, 30, 20), RED, 'picture top left');
		assertNear(pixel(result.data, 160, 130, 70), WHITE, 'picture bottom right');
	});

	test('a JPEG that is a view into a larger buffer (zero-copy frames) decodes', async () => {
		const jpeg = await quadrantJpeg(320, 180);
		const larger = new Uint8Array(jpeg.length + 200).fill(0xAB);
		larger.set(jpeg, 100);
		const result = await downsample(larger.subarray(100, 100 + jpeg.length), 32, 18);
		assert.equal(result.sourceWidth, 320);
		assertNear(pixel(result.data, 32, 24, 13), WHITE, 'bottom right');
		await assert.rejects(downsample(new Uint8Array(), 8, 8), {code: 'ERR_DECODE'});
	});

	test('greyscale JPEGs come out as RGB', async () => {
		const grey = await sharp({create: {width: 64, height: 48, channels: 3, background: {r: 128, g: 128, b: 128}}}).greyscale().jpeg().toBuffer();
		const result = await downsample(grey, 16, 12);
		assert.equal(result.data.length, 16 * 12 * 3);
		assertNear(pixel(result.data, 16, 8, 6), [128, 128, 128], 'centre');
	});

	test('a truncated or corrupt JPEG rejects with ERR_DECODE', async () => {
		const jpeg = await quadrantJpeg(320, 240);
		const isDecodeError = (error: unknown): boolean => error instanceof CamtopError && error.code === 'ERR_DECODE';
		await assert.rejects(downsample(jpeg.subarray(0, Math.floor(jpeg.length / 2)), 40, 22), isDecodeError);
		await assert.rejects(downsample(jpeg.subarray(0, 200), 40, 22), isDecodeError);
		const corruptHeader = Uint8Array.from(jpeg);
		corruptHeader.fill(0x55, 2, 300);
		await assert.rejects(downsample(corruptHeader, 40, 22), isDecodeError);
		await assert.rejects(downsample(new TextEncoder().encode('not an image'), 40, 22), isDecodeError);
	});
});

describe('jpegSize', () => {
	test('reads baseline and progressive SOF headers', async () => {
		assert.deepEqual(jpegSize(await quadrantJpeg(1280, 720)), {width: 1280, height: 720, progressive: false});
		assert.deepEqual(jpegSize(await quadrantJpeg(333, 77, {progressive: true})), {width: 333, height: 77, progressive: true});
	});

	test('skips fill bytes and APPn segments (EXIF) before the SOF', async () => {
		const jpeg = await sharp({create: {width: 40, height: 30, channels: 3, background: 'red'}})
			.withMetadata({exif: {IFD0: {Copyright: 'camtop'}}})
			.jpeg()
			.toBuffer();
		assert.deepEqual(jpegSize(jpeg), {width: 40, height: 30, progressive: false});
		const padded = Buffer.concat([jpeg.subarray(0, 2), Buffer.from([0xFF, 0xFF]), jpeg.subarray(2)]);
		assert.deepEqual(jpegSize(padded), {width: 40, height: 30, progressive: false});
	});

	test('returns undefined for non-JPEG and truncated headers, at every cut', async () => {
		assert.equal(jpegSize(new Uint8Array()), undefined);
		assert.equal(jpegSize(new TextEncoder().encode('GIF89a......')), undefined);
		const jpeg = await quadrantJpeg(64, 48);
		const size = jpegSize(jpeg);
		let firstComplete = -1;
		for (let cut = 0; cut <= Math.min(jpeg.length, 1024); cut++) {
			const result = jpegSize(jpeg.subarray(0, cut));
			if (result !== undefined) {
				assert.deepEqual(result, size);
				firstComplete = firstComplete < 0 ? cut : firstComplete;
			} else {
				assert.equal(firstComplete, -1, `lost the size again at ${cut}`);
			}
		}

		assert.ok(firstComplete > 0);
	});
});
