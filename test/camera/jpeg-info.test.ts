import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {inspectJpeg, subsamplingLabel} from '../../source/camera/jpeg-info.js';
import {noiseJpeg, restartMarkerJpeg, withExifThumbnail} from '../fixtures/jpegs.js';

async function variant(options: {progressive?: boolean; chromaSubsampling?: '4:4:4' | '4:2:0'; gray?: boolean}): Promise<Buffer> {
	let image = sharp({create: {width: 75, height: 41, channels: 3, background: {r: 90, g: 120, b: 40}, noise: {type: 'gaussian', mean: 128, sigma: 50}}});
	if (options.gray) {
		image = image.greyscale().toColourspace('b-w');
	}

	return image.jpeg({progressive: options.progressive ?? false, chromaSubsampling: options.chromaSubsampling ?? '4:2:0'}).toBuffer();
}

describe('inspectJpeg', () => {
	const cases = [
		{name: 'baseline 4:2:0', options: {}, expected: {process: 'baseline', subsampling: '4:2:0', components: 3}},
		{name: 'baseline 4:4:4', options: {chromaSubsampling: '4:4:4' as const}, expected: {process: 'baseline', subsampling: '4:4:4', components: 3}},
		{name: 'progressive 4:2:0', options: {progressive: true}, expected: {process: 'progressive', subsampling: '4:2:0', components: 3}},
		{name: 'greyscale', options: {gray: true}, expected: {process: 'baseline', subsampling: 'gray', components: 1}},
	];
	for (const {name, options, expected} of cases) {
		test(`reads a ${name} JPEG as libjpeg does, and finds it whole`, async () => {
			const jpeg = await variant(options);
			const metadata = await sharp(jpeg).metadata();
			const {info, problem, trailingBytes} = inspectJpeg(jpeg);
			assert.equal(problem, undefined);
			assert.equal(trailingBytes, 0);
			assert.deepEqual(info, {width: metadata.width, height: metadata.height, coding: 'huffman', hierarchical: false, ...expected});
			assert.equal(info.process === 'progressive', metadata.isProgressive);
			if (metadata.chromaSubsampling !== undefined && !options.gray) {
				assert.equal(info.subsampling, metadata.chromaSubsampling);
			}
		});
	}

	test('restart markers in the scan and an EXIF thumbnail with its own SOI/EOI are fine', async () => {
		assert.equal(inspectJpeg(restartMarkerJpeg()).problem, undefined);
		const main = await noiseJpeg(64, 48);
		const thumbnail = await noiseJpeg(8, 8);
		const result = inspectJpeg(withExifThumbnail(main, thumbnail));
		assert.equal(result.problem, undefined);
		assert.equal(result.info?.width, 64);
	});

	test('a frame cut anywhere is corrupt, never throws, and says why', async () => {
		const jpeg = await noiseJpeg(40, 30);
		for (let length = 0; length < jpeg.length; length++) {
			const {problem} = inspectJpeg(jpeg.subarray(0, length));
			assert.ok(problem !== undefined, `cut at ${length} of ${jpeg.length} passed as whole`);
		}

		assert.match(inspectJpeg(jpeg.subarray(0, jpeg.length >> 1)).problem!, /cut off/);
		assert.match(inspectJpeg(Buffer.from('hello')).problem!, /SOI/);
	});

	test('bytes after EOI are counted, not an error', async () => {
		const jpeg = await noiseJpeg(16, 16);
		const result = inspectJpeg(Buffer.concat([jpeg, Buffer.from('\r\n')]));
		assert.equal(result.problem, undefined);
		assert.equal(result.trailingBytes, 2);
	});

	test('a marker that cannot be inside a scan, or a broken segment, is corrupt', async () => {
		const jpeg = Buffer.from(await noiseJpeg(32, 32));
		const damaged = Buffer.from(jpeg);
		// A second SOI in the middle of the entropy-coded data.
		damaged[jpeg.length - 40] = 0xFF;
		damaged[jpeg.length - 39] = 0xD8;
		assert.match(inspectJpeg(damaged).problem!, /invalid marker FF D8/);
		const noSof = Buffer.from([0xFF, 0xD8, 0xFF, 0xFE, 0x00, 0x04, 0x41, 0x42, 0xFF, 0xD9]);
		assert.match(inspectJpeg(noSof).problem!, /SOF/);
		const badLength = Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x01, 0xFF, 0xD9]);
		assert.match(inspectJpeg(badLength).problem!, /length of 1/);
	});

	test('subsampling labels from the sampling factors', () => {
		assert.equal(subsamplingLabel([[2, 2], [1, 1], [1, 1]]), '4:2:0');
		assert.equal(subsamplingLabel([[2, 1], [1, 1], [1, 1]]), '4:2:2');
		assert.equal(subsamplingLabel([[1, 2], [1, 1], [1, 1]]), '4:4:0');
		assert.equal(subsamplingLabel([[4, 1], [1, 1], [1, 1]]), '4:1:1');
		assert.equal(subsamplingLabel([[1, 1]]), 'gray');
		assert.equal(subsamplingLabel([[2, 2], [1, 1], [2, 1]]), '2x2,1x1,2x1');
	});
});
