import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {Decoder} from 'sixel';
import type {Pixels} from '../../source/render/downsample.js';
import {SixelEncoder} from '../../source/render/sixel-encode.js';
import {sixelColorIndex} from '../../source/render/sixel-palette.js';

type Area = {x: number; y: number; width: number; height: number};

/** Decode one sequence with the `sixel` package's decoder into a palette index per pixel (-1: not painted). */
function decodeIndices(sequence: string): {width: number; height: number; indices: Int16Array} {
	assert.ok(sequence.startsWith('\u001BP0;1;q'), 'background select 1');
	assert.ok(sequence.endsWith('\u001B\\'));
	const decoder = new Decoder();
	decoder.init(0, null, 256);
	decoder.decodeString(sequence.slice(sequence.indexOf('q') + 1, -2));
	const {width, height} = decoder;
	const data = decoder.data32;
	const indices = new Int16Array(width * height);
	for (let index = 0; index < indices.length; index++) {
		const color = data[index]!;
		// RGBA8888 in memory order (little-endian); alpha 0 means no bit was ever set here.
		indices[index] = (color >>> 24) === 0 ? -1 : sixelColorIndex(color & 0xFF, (color >> 8) & 0xFF, (color >> 16) & 0xFF);
	}

	return {width, height, indices};
}

/** The palette index of every pixel of `area` in the source. */
function expectedIndices(pixels: Pixels, area: Area): Int16Array {
	const out = new Int16Array(area.width * area.height);
	for (let y = 0; y < area.height; y++) {
		for (let x = 0; x < area.width; x++) {
			const p = ((((area.y + y) * pixels.width) + area.x + x) * 3);
			out[(y * area.width) + x] = sixelColorIndex(pixels.data[p]!, pixels.data[p + 1]!, pixels.data[p + 2]!);
		}
	}

	return out;
}

function assertRoundTrip(encoder: SixelEncoder, pixels: Pixels, area: Area): string {
	const sequence = encoder.encode(pixels, area.x, area.y, area.width, area.height);
	const decoded = decodeIndices(sequence);
	assert.equal(decoded.width, area.width);
	assert.equal(decoded.height, area.height);
	assert.deepEqual(decoded.indices, expectedIndices(pixels, area));
	return sequence;
}

/** Pixels whose values come from a few levels, so runs and repeated colours occur. */
const pixelsArbitrary = fc.record({width: fc.integer({min: 1, max: 48}), height: fc.integer({min: 1, max: 30})}).chain(({width, height}) =>
	fc.uint8Array({minLength: width * height * 3, maxLength: width * height * 3}).chain(noise =>
		fc.constantFrom(1, 4, 32).map(coarse => ({width, height, data: noise.map(value => Math.floor(value / (256 / coarse)) * Math.floor(255 / Math.max(1, coarse - 1)))}))));

describe('sixel encoder', () => {
	test('decodes (sixel package decoder) to exactly the palette index of every source pixel, for any rectangle', () => {
		const encoder = new SixelEncoder();
		fc.assert(fc.property(pixelsArbitrary, fc.nat(), fc.nat(), fc.nat(), fc.nat(), (pixels, a, b, c, d) => {
			const x = a % pixels.width;
			const y = b % pixels.height;
			const area = {x, y, width: 1 + (c % (pixels.width - x)), height: 1 + (d % (pixels.height - y))};
			assertRoundTrip(encoder, pixels, area);
		}), {numRuns: 300});
	});

	test('a reused encoder gives the same bytes as a fresh one, wider or narrower than before', () => {
		const shared = new SixelEncoder();
		fc.assert(fc.property(fc.array(pixelsArbitrary, {minLength: 2, maxLength: 5}), pictures => {
			for (const pixels of pictures) {
				assert.equal(shared.encode(pixels), new SixelEncoder().encode(pixels));
			}
		}), {numRuns: 60});
	});

	test('defines only the colours used, from register 0, and run-length codes repeats', () => {
		const width = 100;
		const data = new Uint8Array(width * 7 * 3);
		// Rows 0–5 white, row 6 black except a red pixel at column 50.
		data.fill(255, 0, width * 6 * 3);
		data[((6 * width) + 50) * 3] = 255;
		const pixels = {data, width, height: 7};
		const sequence = assertRoundTrip(new SixelEncoder(), pixels, {x: 0, y: 0, width, height: 7});
		const body = sequence.slice('\u001BP0;1;q'.length, -2);
		assert.equal(body, '"1;1;100;7#0;2;100;100;100#1;2;0;0;0#2;2;100;0;0#0!100~-#1!50@?!49@$#2!50?@');
	});

	test('an empty rectangle gives no sequence', () => {
		const pixels = {data: new Uint8Array(12), width: 2, height: 2};
		assert.equal(new SixelEncoder().encode(pixels, 0, 0, 0, 2), '');
		assert.equal(new SixelEncoder().encode(pixels, 2, 0), '');
	});

	test('a 1280×60 picture of many colours round-trips (buffers grow past their first size)', () => {
		const width = 1280;
		const height = 60;
		const data = new Uint8Array(width * height * 3);
		for (let p = 0; p < data.length; p++) {
			data[p] = ((p * 2_654_435_761) >>> 24) & 0xFF;
		}

		assertRoundTrip(new SixelEncoder(), {data, width, height}, {x: 0, y: 0, width, height});
	});
});
