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

/**
When a cell of an image tile counts as changed: its mean colour moved by more than
CELL_MEAN_TOLERANCE on some channel, or one of its pixels by more than PIXEL_OUTLIER
(in big cells every second pixel of every second row is looked at).
Image tiles are drawn at full pixel resolution, where a camera's sensor noise is not
averaged away as it is in a half-block cell: compared pixel by pixel, every cell of a still
scene changes every frame. The mean of a cell's 100-odd pixels moves by well under one step
with noise, and a real change (an edge, an object, the light) moves it by more; a small
object inside one cell moves some pixel far more than noise ever does.
*/
export const CELL_MEAN_TOLERANCE = 4;
export const PIXEL_OUTLIER = 48;
/** Cells of at least this many pixels are sampled (every second pixel of every second row). */
const SAMPLED_CELL_PIXELS = 96;

/**
The cell rectangles (relative to the picture, in cells) that changed between `before` and
`after` (same size). Consecutive cell rows with changes are merged into one rectangle
spanning their changed columns. Stops and returns undefined once the rectangles cover more
than `giveUpAt` cells (the caller then sends the whole picture anyway).
*/
export function changedCellRects(before: Uint8Array, after: Pixels, cell: CellSize, giveUpAt = Number.POSITIVE_INFINITY): Rect[] | undefined {
	const {width, height, data} = after;
	const columns = Math.ceil(width / cell.width);
	const rows = Math.ceil(height / cell.height);
	const sums = new Int32Array(columns * 3);
	const outlier = new Uint8Array(columns);
	const rects: Rect[] = [];
	let open: {x0: number; x1: number; y0: number} | undefined;
	let covered = 0;
	// A quarter of a big cell's pixels still gives a mean far steadier than noise; a small
	// cell (kitty's half-density tiles) needs them all.
	const step = cell.width * cell.height >= SAMPLED_CELL_PIXELS ? 2 : 1;
	for (let row = 0; row < rows; row++) {
		sums.fill(0);
		outlier.fill(0);
		const yEnd = Math.min(height, (row + 1) * cell.height);
		let samples = 0;
		for (let y = row * cell.height; y < yEnd; y += step) {
			samples++;
			const line = y * width * 3;
			for (let column = 0, x = 0; column < columns; column++) {
				const xEnd = Math.min(width, x + cell.width);
				if (outlier[column] === 1) {
					// Already known to have changed: the rest of its pixels cannot undo that.
					x = xEnd;
					continue;
				}

				let r = 0;
				let g = 0;
				let b = 0;
				let far = 0;
				for (let p = line + (x * 3), end = line + (xEnd * 3); p < end; p += 3 * step) {
					const dr = data[p]! - before[p]!;
					const dg = data[p + 1]! - before[p + 1]!;
					const db = data[p + 2]! - before[p + 2]!;
					r += dr;
					g += dg;
					b += db;
					if (dr > PIXEL_OUTLIER || dr < -PIXEL_OUTLIER || dg > PIXEL_OUTLIER || dg < -PIXEL_OUTLIER || db > PIXEL_OUTLIER || db < -PIXEL_OUTLIER) {
						far = 1;
					}
				}

				sums[column * 3] = sums[column * 3]! + r;
				sums[(column * 3) + 1] = sums[(column * 3) + 1]! + g;
				sums[(column * 3) + 2] = sums[(column * 3) + 2]! + b;
				outlier[column] = outlier[column]! | far;
				x = xEnd;
			}
		}

		let x0 = columns;
		let x1 = -1;
		const limit = CELL_MEAN_TOLERANCE * samples * Math.ceil(cell.width / step);
		for (let column = 0; column < columns; column++) {
			const r = sums[column * 3]!;
			const g = sums[(column * 3) + 1]!;
			const b = sums[(column * 3) + 2]!;
			if (outlier[column] === 1 || r > limit || r < -limit || g > limit || g < -limit || b > limit || b < -limit) {
				x0 = Math.min(x0, column);
				x1 = column;
			}
		}

		if (x1 < 0) {
			if (open) {
				rects.push({x: open.x0, y: open.y0, width: open.x1 - open.x0 + 1, height: row - open.y0});
				open = undefined;
			}

			continue;
		}

		if (open) {
			open.x0 = Math.min(open.x0, x0);
			open.x1 = Math.max(open.x1, x1);
		} else {
			open = {x0, x1, y0: row};
		}

		covered += x1 - x0 + 1;
		if (covered > giveUpAt) {
			return undefined;
		}
	}

	if (open) {
		rects.push({x: open.x0, y: open.y0, width: open.x1 - open.x0 + 1, height: rows - open.y0});
	}

	return rects;
}

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
