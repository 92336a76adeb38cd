import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {CELL_MEAN_TOLERANCE, PIXEL_OUTLIER, changedCellRects} from '../../source/render/changed-cells.js';

const cell = {width: 8, height: 16};
const columns = 20;
const rows = 12;
const width = columns * cell.width;
const height = rows * cell.height;

function picture(value = 100): Uint8Array {
	return new Uint8Array(width * height * 3).fill(value);
}

/** Add `delta` to every channel of every pixel of cell (column, row). */
function changeCell(data: Uint8Array, column: number, row: number, delta: number): void {
	for (let y = row * cell.height; y < (row + 1) * cell.height; y++) {
		for (let x = column * cell.width; x < (column + 1) * cell.width; x++) {
			const p = ((y * width) + x) * 3;
			data.fill(data[p]! + delta, p, p + 3);
		}
	}
}

describe('changedCellRects', () => {
	test('nothing changed, or changed within the mean tolerance: no rectangles', () => {
		const before = picture();
		assert.deepEqual(changedCellRects(before, {data: picture(), width, height}, cell), []);
		const after = picture();
		changeCell(after, 3, 4, CELL_MEAN_TOLERANCE);
		assert.deepEqual(changedCellRects(before, {data: after, width, height}, cell), []);
	});

	test('changed cells in consecutive rows merge; separate row groups stay apart (rows looked at out of order)', () => {
		const before = picture();
		const after = picture();
		changeCell(after, 2, 1, 20);
		changeCell(after, 5, 2, -20);
		changeCell(after, 9, 7, 30);
		assert.deepEqual(changedCellRects(before, {data: after, width, height}, cell), [
			{x: 2, y: 1, width: 4, height: 2},
			{x: 9, y: 7, width: 1, height: 1},
		]);
	});

	test('one far pixel marks its cell even when the mean barely moves', () => {
		const before = picture();
		const after = picture();
		// A sampled pixel (even row and column) of cell (4, 5).
		const p = ((((5 * cell.height) + 2) * width) + (4 * cell.width) + 2) * 3;
		after[p] = 100 + PIXEL_OUTLIER + 1;
		assert.deepEqual(changedCellRects(before, {data: after, width, height}, cell), [{x: 4, y: 5, width: 1, height: 1}]);
	});

	test('gives up past the limit: a whole new picture, or changed spans adding up past it', () => {
		const before = picture();
		const after = picture(160);
		const whole = columns * rows;
		assert.deepEqual(changedCellRects(before, {data: after, width, height}, cell), [{x: 0, y: 0, width: columns, height: rows}]);
		assert.equal(changedCellRects(before, {data: after, width, height}, cell, 0.6 * whole), undefined);
		const one = picture();
		changeCell(one, 0, 0, 50);
		assert.equal(changedCellRects(before, {data: one, width, height}, cell, 0), undefined);
		assert.deepEqual(changedCellRects(before, {data: one, width, height}, cell, 1), [{x: 0, y: 0, width: 1, height: 1}]);
	});
});
