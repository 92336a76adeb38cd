import {rgb, type CellGrid} from './cell-grid.js';
import {UPPER_HALF} from './block-cells.js';
import type {Pixels} from './downsample.js';
import type {Rect} from './types.js';

/** Pixels per terminal cell. */
export type CellSize = {readonly width: number; readonly height: number};

/**
Used when the terminal does not report its cell size (`CSI 16 t`): 8×16 is the VGA text
cell and close to what most terminal fonts give at their default size, so a picture is at
worst a little larger or smaller than its tile, never far off.
*/
export const DEFAULT_CELL_SIZE: CellSize = {width: 8, height: 16};

/** Cut a rectangle (in pixels) out of RGB pixels. */
export function cropPixels(pixels: Pixels, x: number, y: number, width: number, height: number): Pixels {
	const data = new Uint8Array(width * height * 3);
	for (let row = 0; row < height; row++) {
		const start = (((y + row) * pixels.width) + x) * 3;
		data.set(pixels.data.subarray(start, start + (width * 3)), row * width * 3);
	}

	return {data, width, height};
}

export {CELL_MEAN_TOLERANCE, PIXEL_OUTLIER, changedCellRects} from './changed-cells.js';

/** Copy the pixels of cell rectangle `rect` from `source` into `target` (same size). */
export function copyCells(target: Uint8Array, source: Pixels, rect: Rect, cell: CellSize): void {
	const x0 = rect.x * cell.width;
	const x1 = Math.min(source.width, (rect.x + rect.width) * cell.width);
	const y1 = Math.min(source.height, (rect.y + rect.height) * cell.height);
	for (let y = rect.y * cell.height; y < y1; y++) {
		const start = ((y * source.width) + x0) * 3;
		target.set(source.data.subarray(start, start + ((x1 - x0) * 3)), start);
	}
}

/** The mean colour of a block of pixels, as a 24-bit colour (black when the block is empty). */
function meanColor(pixels: Pixels, x0: number, x1: number, y0: number, y1: number): number {
	let r = 0;
	let g = 0;
	let b = 0;
	let count = 0;
	for (let y = y0; y < y1; y++) {
		for (let x = x0; x < x1; x++) {
			const p = ((y * pixels.width) + x) * 3;
			r += pixels.data[p]!;
			g += pixels.data[p + 1]!;
			b += pixels.data[p + 2]!;
			count++;
		}
	}

	return count === 0 ? rgb(0, 0, 0) : rgb(Math.round(r / count), Math.round(g / count), Math.round(b / count));
}

/**
A picture made for an image protocol, drawn as truecolor half blocks instead: each cell's
top and bottom halves are the mean colours of the pixels they cover. Used while an overlay
covers part of an image tile.
*/
export function imageToCells(pixels: Pixels, grid: CellGrid, rect: Rect): void {
	const cellWidth = pixels.width / rect.width;
	const halfHeight = pixels.height / (rect.height * 2);
	for (let row = 0; row < rect.height; row++) {
		for (let column = 0; column < rect.width; column++) {
			const x0 = Math.floor(column * cellWidth);
			const x1 = Math.max(x0 + 1, Math.floor((column + 1) * cellWidth));
			const y0 = Math.floor(2 * row * halfHeight);
			const yMid = Math.max(y0 + 1, Math.floor(((2 * row) + 1) * halfHeight));
			const y1 = Math.max(yMid + 1, Math.floor(((2 * row) + 2) * halfHeight));
			const top = meanColor(pixels, x0, Math.min(x1, pixels.width), y0, Math.min(yMid, pixels.height));
			const bottom = meanColor(pixels, x0, Math.min(x1, pixels.width), Math.min(yMid, pixels.height), Math.min(y1, pixels.height));
			grid.set(rect.x + column, rect.y + row, UPPER_HALF, top, bottom, 0);
		}
	}
}
