import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {CellGrid, rgb} from '../../source/render/cell-grid.js';
import {UPPER_HALF, encodeHalfBlocks} from '../../source/render/half-block.js';
import {decodeHalfBlocks} from './grid-read.js';

function image(width: number, height: number): Uint8Array {
	const data = new Uint8Array(width * height * 3);
	for (let index = 0; index < data.length; index++) {
		data[index] = (index * 37 + (index >> 5)) & 0xFF;
	}

	return data;
}

describe('encodeHalfBlocks', () => {
	test('encoding then decoding the cells gives the same pixels', () => {
		const rect = {x: 3, y: 2, width: 7, height: 5};
		const data = image(7, 10);
		const grid = new CellGrid(20, 10);
		encodeHalfBlocks({data, width: 7, height: 10}, grid, rect);
		assert.deepEqual(decodeHalfBlocks(grid, rect), data);
		// Nothing outside the rect is touched.
		assert.equal(grid.chars[0], ' ');
		assert.equal(grid.chars[(2 * 20) + 10], ' ');
		assert.equal(grid.chars[(7 * 20) + 3], ' ');
	});

	test('top pixel is the foreground, bottom pixel the background', () => {
		const data = Uint8Array.from([10, 20, 30, 40, 50, 60]);
		const grid = new CellGrid(1, 1);
		encodeHalfBlocks({data, width: 1, height: 2}, grid, {x: 0, y: 0, width: 1, height: 1});
		assert.equal(grid.chars[0], UPPER_HALF);
		assert.equal(grid.fg[0], rgb(10, 20, 30));
		assert.equal(grid.bg[0], rgb(40, 50, 60));
	});

	test('cells outside the grid are clipped, an odd last row gets a black bottom', () => {
		const data = image(4, 3);
		const grid = new CellGrid(3, 3);
		encodeHalfBlocks({data, width: 4, height: 3}, grid, {x: -1, y: 1, width: 4, height: 2});
		// Column -1 is off the grid; grid column 0 shows pixel column 1.
		assert.equal(grid.fg[3], rgb(data[3]!, data[4]!, data[5]!));
		assert.equal(grid.bg[(2 * 3) + 2], rgb(0, 0, 0));
		assert.equal(grid.chars[0], ' ');
	});
});
