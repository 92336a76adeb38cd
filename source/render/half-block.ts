import {TRUECOLOR, type CellGrid} from './cell-grid.js';
import type {Pixels} from './downsample.js';
import type {Rect} from './types.js';

/** U+2580 UPPER HALF BLOCK: the foreground paints the top pixel, the background the bottom. */
export const UPPER_HALF = '\u2580';

/**
Truecolor half-block encoding: pixel rows 2y and 2y+1 of column x become cell
(rect.x + x, rect.y + y) as '▀' with fg = top pixel and bg = bottom pixel. `pixels` is
rect.width × (2 × rect.height) RGB; a smaller image fills only part of the rect (a missing
bottom pixel is black) and cells outside the grid are skipped. No allocation in the loop.
*/
export function encodeHalfBlocks(pixels: Pixels, grid: CellGrid, rect: Rect): void {
	const {data} = pixels;
	const stride = pixels.width * 3;
	const columns = Math.min(rect.width, pixels.width);
	const rows = Math.min(rect.height, Math.ceil(pixels.height / 2));
	const x0 = Math.max(0, -rect.x);
	const x1 = Math.min(columns, grid.width - rect.x);
	const y0 = Math.max(0, -rect.y);
	const y1 = Math.min(rows, grid.height - rect.y);
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
