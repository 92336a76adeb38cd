import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {ASCII_RAMP, encodeCells, type CellMode} from '../../source/render/cell-encoders.js';
import {Compositor} from '../../source/render/compositor.js';
import {XTERM_RGB, nearest16Table, nearest256Table, tableIndex} from '../../source/render/palette.js';
import {decodeHalfBlocks} from './grid-read.js';
import {ScreenModel} from './screen-model.js';

const rect = {x: 1, y: 1, width: 24, height: 8};

function gradient(): {data: Uint8Array; width: number; height: number} {
	const width = rect.width;
	const height = rect.height * 2;
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			data.set([(x * 11) & 255, (y * 16) & 255, ((x * y) * 3) & 255], ((y * width) + x) * 3);
		}
	}

	return {data, width, height};
}

/** Draw through the compositor into a strict terminal model and read the picture back. */
function roundTrip(mode: CellMode, pixels = gradient()): {model: ScreenModel; decoded: Uint8Array | undefined} {
	const model = new ScreenModel(30, 12);
	const compositor = new Compositor({write: data => Boolean(model.apply(data)) || true, once: () => undefined}, 30, 12);
	compositor.setChrome('');
	compositor.setVideo('a', rect, (grid, target) => {
		encodeCells(mode, pixels, grid, target);
	});
	compositor.flush();
	return {model, decoded: mode === 'ascii' ? undefined : decodeHalfBlocks(model.grid, rect)};
}

const distance = (a: readonly number[], b: readonly number[]) => (2 * ((a[0]! - b[0]!) ** 2)) + (4 * ((a[1]! - b[1]!) ** 2)) + (3 * ((a[2]! - b[2]!) ** 2));

describe('cell encoders decode back to the source', () => {
	test('truecolor: exactly the source pixels', () => {
		const pixels = gradient();
		assert.deepEqual(roundTrip('truecolor', pixels).decoded, pixels.data);
	});

	for (const [mode, first, last, table] of [['256', 16, 255, nearest256Table], ['16', 0, 15, nearest16Table]] as const) {
		test(`${mode}: each pixel becomes the nearest palette colour of its 8-step bucket`, () => {
			const pixels = gradient();
			const decoded = roundTrip(mode, pixels).decoded!;
			for (let p = 0; p < pixels.data.length; p += 3) {
				const [r, g, b] = [pixels.data[p]!, pixels.data[p + 1]!, pixels.data[p + 2]!];
				const index = table()[tableIndex(r, g, b)]!;
				assert.ok(index >= first && index <= last);
				assert.deepEqual([...decoded.subarray(p, p + 3)], [...XTERM_RGB[index]!]);
				// No palette colour is nearer the bucket centre than the chosen one.
				const centre = [((r >> 3) << 3) + 4, ((g >> 3) << 3) + 4, ((b >> 3) << 3) + 4];
				for (let other = first; other <= last; other++) {
					assert.ok(distance(centre, XTERM_RGB[index]!) <= distance(centre, XTERM_RGB[other]!));
				}
			}
		});
	}

	test('256: the 240 video colours are the xterm cube and grey ramp', () => {
		assert.deepEqual(XTERM_RGB[16], [0, 0, 0]);
		assert.deepEqual(XTERM_RGB[21], [0, 0, 255]);
		assert.deepEqual(XTERM_RGB[231], [255, 255, 255]);
		assert.deepEqual(XTERM_RGB[232], [8, 8, 8]);
		assert.deepEqual(XTERM_RGB[255], [238, 238, 238]);
	});

	test('ascii: no colour, one ramp character per cell by luminance', () => {
		const pixels = gradient();
		const {model} = roundTrip('ascii', pixels);
		for (let y = 0; y < rect.height; y++) {
			for (let x = 0; x < rect.width; x++) {
				const index = ((rect.y + y) * 30) + rect.x + x;
				assert.equal(model.grid.fg[index], -1);
				assert.equal(model.grid.bg[index], -1);
				const luma = (row: number) => {
					const p = ((row * rect.width) + x) * 3;
					return ((77 * pixels.data[p]!) + (150 * pixels.data[p + 1]!) + (29 * pixels.data[p + 2]!)) >> 8;
				};

				const level = (luma(2 * y) + luma((2 * y) + 1)) >> 1;
				const char = model.grid.chars[index] === ' ' ? ' ' : model.grid.chars[index]!;
				assert.equal(char, ASCII_RAMP[Math.round((level * (ASCII_RAMP.length - 1)) / 255)]);
			}
		}
	});
});
