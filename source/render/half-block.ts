import {TRUECOLOR, type CellGrid} from './cell-grid.js';
import type {Pixels} from './downsample.js';
import type {Rect} from './types.js';

/** U+2580 UPPER HALF BLOCK: the foreground paints the top pixel, the background the bottom. */
export const UPPER_HALF = '\u2580';

/** Bytes per pixel row, and the cell columns and rows of `rect` that both the pixels cover and the grid holds. */
export function cellSpan(pixels: Pixels, grid: CellGrid, rect: Rect): {stride: number; x0: number; x1: number; y0: number; y1: number} {
	const columns = Math.min(rect.width, pixels.width);
	const rows = Math.min(rect.height, Math.ceil(pixels.height / 2));
	return {
		stride: pixels.width * 3,
		x0: Math.max(0, -rect.x),
		x1: Math.min(columns, grid.width - rect.x),
		y0: Math.max(0, -rect.y),
		y1: Math.min(rows, grid.height - rect.y),
	};
}

/**
Truecolor half-block encoding: pixel rows 2y and 2y+1 of column x become cell
(rect.x + x, rect.y + y) as '▀' with fg = top pixel and bg = bottom pixel. `pixels` is
rect.width × (2 × rect.height) RGB; a smaller image fills only part of the rect (a missing
bottom pixel is black) and cells outside the grid are skipped. No allocation in the loop.
*/
export function encodeHalfBlocks(pixels: Pixels, grid: CellGrid, rect: Rect): void {
	const {data} = pixels;
	const {stride, x0, x1, y0, y1} = cellSpan(pixels, grid, rect);
	const {chars, fg, bg, attrs} = grid;
	for (let y = y0; y < y1; y++) {
		const top = 2 * y * stride;
		const hasBottom = (2 * y) + 1 < pixels.height;
		const bottom = top + stride;
		let cell = ((rect.y + y) * grid.width) + rect.x + x0;
		for (let x = x0; x < x1; x++) {
			const p = x * 3;
			const t = top + p;
			chars[cell] = UPPER_HALF;
			fg[cell] = TRUECOLOR | (data[t]! << 16) | (data[t + 1]! << 8) | data[t + 2]!;
			if (hasBottom) {
				const b = bottom + p;
				bg[cell] = TRUECOLOR | (data[b]! << 16) | (data[b + 1]! << 8) | data[b + 2]!;
			} else {
				bg[cell] = TRUECOLOR;
			}

			attrs[cell] = 0;
			cell++;
		}
	}
}
