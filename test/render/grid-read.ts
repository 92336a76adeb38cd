import {TRUECOLOR, type CellGrid} from '../../source/render/cell-grid.js';
import {bottomColor, isBlockCell, topColor} from '../../source/render/block-cells.js';
import {XTERM_RGB} from '../../source/render/palette.js';
import type {Rect} from '../../source/render/types.js';

/*
Reading a cell grid back for assertions: whether two grids agree, a row's picture shape,
and the pixels that block cells show. Used on ScreenModel's grid (what the terminal shows)
and on the compositor's own grids.
*/

/** First differing cell of two grids, described, or undefined when equal. */
export function gridDifference(actual: CellGrid, expected: CellGrid): string | undefined {
	if (actual.width !== expected.width || actual.height !== expected.height) {
		return `size ${actual.width}x${actual.height} != ${expected.width}x${expected.height}`;
	}

	for (let index = 0; index < actual.chars.length; index++) {
		if (!actual.sameCell(index, expected, index)) {
			const x = index % actual.width;
			const y = Math.floor(index / actual.width);
			const show = (grid: CellGrid): string => JSON.stringify([grid.chars[index], grid.fg[index], grid.bg[index], grid.attrs[index]]);
			return `cell ${x},${y}: ${show(actual)} != ${show(expected)}`;
		}
	}

	return undefined;
}

/** A row's text with every block cell (`▀ ▄ █` or a coloured space) shown as `▀`, for picture-shape assertions. */
export function pictureRow(grid: CellGrid, y: number): string {
	let text = '';
	for (let x = 0; x < grid.width; x++) {
		const index = (y * grid.width) + x;
		text += isBlockCell(grid, index) ? '\u2580' : grid.chars[index];
	}

	return text;
}

/**
Read block cells back into RGB pixels (rect.width × 2·rect.height): the inverse of the
encoders, whichever of `▀ ▄ █` or a coloured space the compositor chose for a cell.
Palette colours are turned into their xterm RGB.
*/
export function decodeHalfBlocks(grid: CellGrid, rect: Rect): Uint8Array {
	const data = new Uint8Array(rect.width * rect.height * 2 * 3);
	for (let y = 0; y < rect.height; y++) {
		for (let x = 0; x < rect.width; x++) {
			const index = ((rect.y + y) * grid.width) + rect.x + x;
			if (!isBlockCell(grid, index)) {
				throw new Error(`cell ${x},${y} is ${JSON.stringify(grid.chars[index])}, not a block cell`);
			}

			for (const [row, color] of [[2 * y, topColor(grid, index)], [(2 * y) + 1, bottomColor(grid, index)]] as const) {
				const p = ((row * rect.width) + x) * 3;
				if (color >= TRUECOLOR) {
					data[p] = (color >> 16) & 0xFF;
					data[p + 1] = (color >> 8) & 0xFF;
					data[p + 2] = color & 0xFF;
				} else if (color >= 0 && color < 256) {
					data.set(XTERM_RGB[color]!, p);
				} else {
					throw new Error(`cell ${x},${y} has no colour`);
				}
			}
		}
	}

	return data;
}
