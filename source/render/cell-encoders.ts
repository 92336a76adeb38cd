import {DEFAULT_COLOR, type CellGrid} from './cell-grid.js';
import type {Pixels} from './downsample.js';
import {cellSpan, encodeHalfBlocks, UPPER_HALF} from './half-block.js';
import {nearest16Table, nearest256Table, tableIndex} from './palette.js';
import type {Rect} from './types.js';

/** The modes that draw a picture as text cells. */
export type CellMode = 'truecolor' | '256' | '16' | 'ascii';

/**
Luminance ramp for the ASCII mode, darkest first. Plain ASCII only, so it survives
`TERM=dumb`, a serial console and any font.
*/
export const ASCII_RAMP = ' .:-=+*#%@';

type Visit = (cell: number, top: number, bottom: number | undefined) => void;

/** Walk the cells of `rect` that the pixels cover and the grid holds, with the byte offsets of the two pixels. */
function eachCell(pixels: Pixels, grid: CellGrid, rect: Rect, visit: Visit): void {
	const {stride, x0, x1, y0, y1} = cellSpan(pixels, grid, rect);
	for (let y = y0; y < y1; y++) {
		const top = 2 * y * stride;
		const hasBottom = (2 * y) + 1 < pixels.height;
		let cell = ((rect.y + y) * grid.width) + rect.x + x0;
		for (let x = x0; x < x1; x++) {
			visit(cell, top + (x * 3), hasBottom ? top + stride + (x * 3) : undefined);
			cell++;
		}
	}
}

function encodePalette(table: Uint8Array, pixels: Pixels, grid: CellGrid, rect: Rect): void {
	const {data} = pixels;
	const {chars, fg, bg, attrs} = grid;
	// A missing bottom pixel is black, as in the truecolor encoder.
	const black = table[0]!;
	eachCell(pixels, grid, rect, (cell, top, bottom) => {
		chars[cell] = UPPER_HALF;
		fg[cell] = table[tableIndex(data[top]!, data[top + 1]!, data[top + 2]!)]!;
		bg[cell] = bottom === undefined ? black : table[tableIndex(data[bottom]!, data[bottom + 1]!, data[bottom + 2]!)]!;
		attrs[cell] = 0;
	});
}

function encodeAscii(pixels: Pixels, grid: CellGrid, rect: Rect): void {
	const {data} = pixels;
	const {chars, fg, bg, attrs} = grid;
	const steps = ASCII_RAMP.length - 1;
	eachCell(pixels, grid, rect, (cell, top, bottom) => {
		// Rec. 601 luma of the two pixels the cell covers, in 0..255 (weights sum to 256).
		let luma = ((77 * data[top]!) + (150 * data[top + 1]!) + (29 * data[top + 2]!)) >> 8;
		if (bottom !== undefined) {
			luma = (luma + (((77 * data[bottom]!) + (150 * data[bottom + 1]!) + (29 * data[bottom + 2]!)) >> 8)) >> 1;
		}

		chars[cell] = ASCII_RAMP[Math.round((luma * steps) / 255)]!;
		fg[cell] = DEFAULT_COLOR;
		bg[cell] = DEFAULT_COLOR;
		attrs[cell] = 0;
	});
}

/**
Paint `pixels` (rect.width × 2·rect.height RGB) into the cells of `rect`: `▀` half blocks in
24-bit, 256 (cube and grey ramp) or 16 colours, or an uncoloured ASCII luminance ramp.
*/
export function encodeCells(mode: CellMode, pixels: Pixels, grid: CellGrid, rect: Rect): void {
	switch (mode) {
		case 'truecolor': {
			encodeHalfBlocks(pixels, grid, rect);
			break;
		}

		case '256': {
			encodePalette(nearest256Table(), pixels, grid, rect);
			break;
		}

		case '16': {
			encodePalette(nearest16Table(), pixels, grid, rect);
			break;
		}

		case 'ascii': {
			encodeAscii(pixels, grid, rect);
			break;
		}
	}
}
