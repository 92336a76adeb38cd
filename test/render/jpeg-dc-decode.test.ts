import {Buffer} from 'node:buffer';
import process from 'node:process';
import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {CamtopError} from '../../source/errors.js';
import {JpegDcDecoder, type DcResult} from '../../source/render/jpeg-dc-decode.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {cjpegJpeg, cjpegMissing, compareWithSharp, ffmpegJpeg, ffmpegMissing, sharpJpeg, withoutHuffmanTables, type FfmpegJpegOptions, type SharpJpegOptions} from './dc-fixtures.js';

/*
Tolerances against sharp's full-size decode averaged over the same regions (dc-fixtures.ts),
in 8-bit levels per channel, for regions of whole blocks of every component (8×8, or 16×16 /
16×8 where chroma is subsampled). They are not zero because libjpeg's full decode rounds
every pixel of its IDCT and of its integer YCbCr → RGB tables, clamps pixels that overshoot
0–255 (the DC mean is taken before any clamp), and its fancy chroma upsampling blends a
region's edge with its neighbours'. Measured on the fixtures below: max 2.07, mean ≤ 0.39.
*/
const MAX_CHANNEL_ERROR = 3;
const MEAN_CHANNEL_ERROR = 0.6;
/*
The 8×8 regions of a frame with subsampled chroma: each half of a chroma block is estimated
from its DC and first AC coefficients only (jpeg-dc-colour.ts), and libjpeg's upsampling
blends chroma across block borders, so a colour edge costs more. Measured: max 10.7, mean ≤ 1.8
(the highest means on 37×23 frames, whose few regions are mostly next to an edge).
*/
const HALF_CHROMA_MAX_ERROR = 14;
const HALF_CHROMA_MEAN_ERROR = 2.5;
const MAX_PIXELS = 100_000_000;

function picture(result: DcResult): Extract<DcResult, {kind: 'ok'}>['picture'] {
	assert.equal(result.kind, 'ok', result.kind === 'unsupported' ? result.reason : '');
	if (result.kind !== 'ok') {
		throw new Error('unreachable');
	}

	// The decoder reuses its buffer: keep a copy.
	return {...result.picture, data: result.picture.data.slice()};
}

function hasRestartMarkers(jpeg: Uint8Array): boolean {
	return Buffer.from(jpeg).includes(Buffer.from([0xFF, 0xDD])) && Buffer.from(jpeg).includes(Buffer.from([0xFF, 0xD0]));
}

/** `region`: the frame's whole-block region (8×8 unless chroma is subsampled). */
async function assertMatchesSharp(jpeg: Uint8Array, region: {width: number; height: number}, size: {width: number; height: number}): Promise<void> {
	const decoded = picture(new JpegDcDecoder().decode(jpeg, MAX_PIXELS));
	assert.equal(decoded.width, Math.ceil(size.width / 8));
	assert.equal(decoded.height, Math.ceil(size.height / 8));
	assert.equal(decoded.sourceWidth, size.width);
	assert.equal(decoded.sourceHeight, size.height);
	assert.equal(decoded.data.length, decoded.width * decoded.height * 3);
	const errors = await compareWithSharp(jpeg, decoded, region.width, region.height);
	assert.ok(errors.regions > 0, 'some whole regions compared');
	assert.ok(errors.max <= MAX_CHANNEL_ERROR, `max error ${errors.max.toFixed(2)}`);
	assert.ok(errors.mean <= MEAN_CHANNEL_ERROR, `mean error ${errors.mean.toFixed(3)}`);
	if (region.width > 8 || region.height > 8) {
		const halves = await compareWithSharp(jpeg, decoded, 8, 8);
		assert.ok(halves.max <= HALF_CHROMA_MAX_ERROR, `8x8 max error ${halves.max.toFixed(2)}`);
		assert.ok(halves.mean <= HALF_CHROMA_MEAN_ERROR, `8x8 mean error ${halves.mean.toFixed(3)}`);
	}
}

const sizes = [{width: 320, height: 240}, {width: 203, height: 117}, {width: 37, height: 23}];

describe('JpegDcDecoder against sharp (JPEGs made by sharp)', () => {
	const cases: Array<{name: string; options: SharpJpegOptions; region: number}> = [
		{name: '4:2:0, optimised Huffman tables', options: {chromaSubsampling: '4:2:0', optimiseCoding: true}, region: 16},
		{name: '4:2:0, standard Huffman tables', options: {chromaSubsampling: '4:2:0', optimiseCoding: false}, region: 16},
		{name: '4:4:4, optimised', options: {chromaSubsampling: '4:4:4', optimiseCoding: true}, region: 8},
		{name: '4:4:4, standard', options: {chromaSubsampling: '4:4:4', optimiseCoding: false}, region: 8},
		{name: 'greyscale (one component)', options: {greyscale: true}, region: 8},
		{name: 'quality 20 (coarse DC quantiser)', options: {quality: 20}, region: 16},
	];
	for (const {name, options, region} of cases) {
		test(name, async () => {
			for (const size of sizes) {
				await assertMatchesSharp(await sharpJpeg(size.width, size.height, options), {width: region, height: region}, size);
			}
		});
	}
});

describe('JpegDcDecoder against sharp (JPEGs made by ffmpeg\'s MJPEG encoder)', {skip: skipUnlessInstalled(ffmpegMissing)}, () => {
	const formats: Array<{format: FfmpegJpegOptions['pixelFormat']; region: {width: number; height: number}}> = [
		{format: 'yuvj420p', region: {width: 16, height: 16}},
		{format: 'yuvj422p', region: {width: 16, height: 8}},
		{format: 'yuvj444p', region: {width: 8, height: 8}},
	];
	for (const {format, region} of formats) {
		for (const huffman of ['default', 'optimal'] as const) {
			test(`${format}, -huffman ${huffman}, with and without restart intervals`, async () => {
				for (const size of sizes) {
					await assertMatchesSharp(ffmpegJpeg(size.width, size.height, {pixelFormat: format, huffman}), region, size);
					const sliced = ffmpegJpeg(size.width, size.height, {pixelFormat: format, huffman, slices: 4});
					assert.ok(hasRestartMarkers(sliced), 'ffmpeg wrote DRI and RSTn');
					await assertMatchesSharp(sliced, region, size);
				}
			});
		}
	}

	test('a frame without DHT decodes with the Annex K tables exactly as with them', () => {
		const jpeg = ffmpegJpeg(320, 240, {pixelFormat: 'yuvj420p', huffman: 'default'});
		const stripped = withoutHuffmanTables(jpeg);
		assert.ok(stripped.length < jpeg.length - 400, 'the DHT segments were removed');
		const decoder = new JpegDcDecoder();
		const withTables = picture(decoder.decode(jpeg, MAX_PIXELS));
		assert.deepEqual(picture(decoder.decode(stripped, MAX_PIXELS)), withTables);
	});

	test('a frame with custom tables and no DHT is not decoded with the wrong ones', () => {
		const stripped = withoutHuffmanTables(ffmpegJpeg(96, 64, {pixelFormat: 'yuvj420p', huffman: 'optimal'}));
		const decoder = new JpegDcDecoder();
		// The default tables read the optimised codes as other symbols: either a code they do
		// not have (sharp decides) or a scan of the wrong length (cut short). Never a picture.
		try {
			const result = decoder.decode(stripped, MAX_PIXELS);
			assert.equal(result.kind, 'unsupported');
		} catch (error) {
			assert.ok(error instanceof CamtopError && error.code === 'ERR_DECODE');
		}
	});
});

describe('JpegDcDecoder against sharp (JPEGs made by libjpeg-turbo\'s cjpeg)', {skip: skipUnlessInstalled(cjpegMissing)}, () => {
	const cases: Array<{name: string; args: string[]; region: {width: number; height: number}}> = [
		{name: '4:4:0 (luma sampled 1x2)', args: ['-sample', '1x2'], region: {width: 8, height: 16}},
		{name: '4:4:0, optimised, restart every 5 MCUs', args: ['-sample', '1x2', '-optimize', '-restart', '5B'], region: {width: 8, height: 16}},
		{name: '4:2:2, restart every 7 MCUs', args: ['-sample', '2x1', '-restart', '7B'], region: {width: 16, height: 8}},
		{name: '4:2:0, restart every MCU', args: ['-sample', '2x2', '-restart', '1B'], region: {width: 16, height: 16}},
		{name: '4:4:4, restart every 3 rows of MCUs', args: ['-sample', '1x1', '-restart', '3'], region: {width: 8, height: 8}},
		{name: 'greyscale, restart every 11 MCUs', args: ['-grayscale', '-restart', '11B'], region: {width: 8, height: 8}},
		// Layouts no camera sends, for the general colour path: chroma components sampled unlike each other, and luma below chroma.
		{name: 'Cb 1x1, Cr 2x1 under 2x2 luma', args: ['-sample', '2x2,1x1,2x1'], region: {width: 16, height: 16}},
		{name: 'luma 1x1 under 2x2 chroma', args: ['-sample', '1x1,2x2,2x2'], region: {width: 16, height: 16}},
	];
	for (const {name, args, region} of cases) {
		test(name, async () => {
			for (const size of sizes) {
				const jpeg = cjpegJpeg(size.width, size.height, args);
				if (args.includes('-restart')) {
					assert.ok(Buffer.from(jpeg).includes(Buffer.from([0xFF, 0xDD])), 'cjpeg wrote DRI');
				}

				await assertMatchesSharp(jpeg, region, size);
			}
		});
	}

	test('arithmetic coding (SOF9) is left to sharp', () => {
		const jpeg = cjpegJpeg(64, 48, ['-arithmetic']);
		assert.ok(Buffer.from(jpeg).includes(Buffer.from([0xFF, 0xC9])), 'an SOF9 frame');
		assert.equal(new JpegDcDecoder().decode(jpeg, MAX_PIXELS).kind, 'unsupported');
	});
});

describe('JpegDcDecoder: what it leaves to sharp', () => {
	test('progressive, too many pixels, not a JPEG', async () => {
		const decoder = new JpegDcDecoder();
		const progressive = await sharpJpeg(64, 48, {progressive: true});
		assert.equal(decoder.decode(progressive, MAX_PIXELS).kind, 'unsupported');
		const baseline = await sharpJpeg(64, 48, {});
		assert.equal(decoder.decode(baseline, (64 * 48) - 1).kind, 'unsupported');
		assert.equal(decoder.decode(Buffer.from('\x89PNG\r\n\x1A\n'), MAX_PIXELS).kind, 'unsupported');
		assert.equal(decoder.decode(new Uint8Array(0), MAX_PIXELS).kind, 'unsupported');
	});

	test('12-bit and arithmetic-coded frames (SOF with precision 12, SOF9)', async () => {
		const decoder = new JpegDcDecoder();
		const baseline = Buffer.from(await sharpJpeg(64, 48, {}));
		const sof = baseline.indexOf(Buffer.from([0xFF, 0xC0]));
		const twelveBit = Buffer.from(baseline);
		twelveBit[sof + 4] = 12;
		assert.equal(decoder.decode(twelveBit, MAX_PIXELS).kind, 'unsupported');
		const arithmetic = Buffer.from(baseline);
		arithmetic[sof + 1] = 0xC9;
		assert.equal(decoder.decode(arithmetic, MAX_PIXELS).kind, 'unsupported');
	});
});

describe('JpegDcDecoder: truncated and corrupt frames', () => {
	test('a frame cut anywhere in its scan is ERR_DECODE; cut in its header, unsupported', async () => {
		const jpeg = await sharpJpeg(120, 80, {});
		const decoder = new JpegDcDecoder();
		const scan = Buffer.from(jpeg).indexOf(Buffer.from([0xFF, 0xDA]));
		// The entropy-coded data starts after the SOS segment.
		const scanData = scan + 2 + ((jpeg[scan + 2]! << 8) | jpeg[scan + 3]!);
		for (let cut = 0; cut < jpeg.length; cut++) {
			const cutFrame = jpeg.subarray(0, cut);
			if (cut < scanData) {
				assert.equal(decoder.decode(cutFrame, MAX_PIXELS).kind, 'unsupported', `cut at ${cut}`);
			} else {
				assert.throws(() => decoder.decode(cutFrame, MAX_PIXELS), (error: unknown) => error instanceof CamtopError && error.code === 'ERR_DECODE', `cut at ${cut}`);
			}
		}
	});

	test('a scan that lost its second half but keeps its EOI is ERR_DECODE, not a half-grey picture', async () => {
		const jpeg = Buffer.from(await sharpJpeg(160, 120, {}));
		const scan = jpeg.indexOf(Buffer.from([0xFF, 0xDA]));
		const middle = Math.floor((scan + jpeg.length) / 2);
		// Cut after a byte that is not 0xFF, so no half of a stuffed pair is left.
		const cut = jpeg[middle - 1] === 0xFF ? middle + 1 : middle;
		const shortened = Buffer.concat([jpeg.subarray(0, cut), Buffer.from([0xFF, 0xD9])]);
		assert.throws(() => new JpegDcDecoder().decode(shortened, MAX_PIXELS), (error: unknown) => error instanceof CamtopError && error.code === 'ERR_DECODE');
	});

	test('a header claiming far more blocks than its scan could code is ERR_DECODE, with no memory sized by it', async () => {
		const jpeg = Buffer.from(await sharpJpeg(64, 48, {}));
		const sof = jpeg.indexOf(Buffer.from([0xFF, 0xC0]));
		// 9000 x 9000: under the pixel limit, ~1.9 million blocks for a scan of about a kilobyte.
		jpeg.writeUInt16BE(9000, sof + 5);
		jpeg.writeUInt16BE(9000, sof + 7);
		const decoder = new JpegDcDecoder();
		const rss = process.memoryUsage().rss;
		assert.throws(() => decoder.decode(jpeg, MAX_PIXELS), (error: unknown) => error instanceof CamtopError && error.code === 'ERR_DECODE' && error.message.includes('blocks'));
		// The plan's arrays would be ~30 MB for this size; nothing near that was allocated.
		assert.ok(process.memoryUsage().rss - rss < 16 * 1024 * 1024);
	});

	test('random corruption: only a picture of the right size, unsupported, or ERR_DECODE', async () => {
		const jpegs = [await sharpJpeg(64, 48, {}), await sharpJpeg(37, 23, {greyscale: true}), await sharpJpeg(48, 32, {chromaSubsampling: '4:4:4'})];
		if (!ffmpegMissing) {
			jpegs.push(ffmpegJpeg(64, 48, {pixelFormat: 'yuvj422p', huffman: 'optimal', slices: 2}));
		}

		const decoder = new JpegDcDecoder();
		const edit = fc.record({offset: fc.nat(), value: fc.integer({min: 0, max: 255})});
		fc.assert(fc.property(fc.nat({max: jpegs.length - 1}), fc.array(edit, {minLength: 1, maxLength: 8}), fc.nat(), (which, edits, cutAt) => {
			const source = jpegs[which]!;
			const corrupt = Buffer.from(source);
			for (const {offset, value} of edits) {
				corrupt[offset % corrupt.length] = value;
			}

			for (const bytes of [corrupt, corrupt.subarray(0, cutAt % corrupt.length)]) {
				try {
					const result = decoder.decode(bytes, MAX_PIXELS);
					if (result.kind === 'ok') {
						const {width, height, sourceWidth, sourceHeight, data} = result.picture;
						assert.equal(width, Math.ceil(sourceWidth / 8));
						assert.equal(height, Math.ceil(sourceHeight / 8));
						assert.equal(data.length, width * height * 3);
					}
				} catch (error) {
					assert.ok(error instanceof CamtopError && error.code === 'ERR_DECODE', String(error));
				}
			}
		}), {numRuns: 400});
	});
});
