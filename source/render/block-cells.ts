import {TRUECOLOR, type CellGrid, type Color} from './cell-grid.js';

/*
Video cells are "block cells": one of four characters whose two halves show one colour
each, so a cell is really a pair of pixels (top, bottom). The same pair can be sent four
ways (`▀` fg/bg, `▄` bg/fg, ` ` bg/bg, `█` fg/fg); the compositor compares cells by the
pair they show and sends whichever way needs the fewest colour changes from the current
SGR state.
*/

export const UPPER_HALF = '\u2580';
export const LOWER_HALF = '\u2584';
export const FULL_BLOCK = '\u2588';
export const SPACE = ' ';

/**
How far a shown video colour may be from the source colour before the cell is sent again:
the largest difference in any of R, G and B, in 0–255 steps. It only applies to 24-bit
colours (palette colours compare exactly) and never where a tile is new, moved, resized or
uncovered (there the comparison is exact).

Why 10: a real camera's sensor noise and JPEG re-quantisation move most pixels by a few
steps from frame to frame even when nothing in the scene moves; after downscaling to a
terminal tile the changes are ±1–6 steps. Compared exactly, nearly every cell of a fixed
camera changes every frame (timg sends ~158 KB a frame on such a clip); with 10 the static
scene costs nothing and anything that really moves (edges, objects, lighting) still
changes by far more. 10 steps is about 4% of full scale, near the smallest difference
people notice between neighbouring flat patches of colour on a terminal. Measured in
docs/benchmarks.md.
*/
export const COLOR_TOLERANCE = 10;

/** Not a colour: used for "no usable pen colour". */
export const NO_COLOR = -3;

/** Whether cell `index` is a block cell with explicit colours, no attributes. */
export function isBlockCell(grid: CellGrid, index: number): boolean {
	if (grid.attrs[index] !== 0) {
		return false;
	}

	const char = grid.chars[index];
	if (char === SPACE) {
		return grid.bg[index]! >= 0;
	}

	if (char === FULL_BLOCK) {
		return grid.fg[index]! >= 0;
	}

	return (char === UPPER_HALF || char === LOWER_HALF) && grid.fg[index]! >= 0 && grid.bg[index]! >= 0;
}

/** The colour of the top half of a block cell (call only on block cells). */
export function topColor(grid: CellGrid, index: number): Color {
	const char = grid.chars[index];
	return char === UPPER_HALF || char === FULL_BLOCK ? grid.fg[index]! : grid.bg[index]!;
}

/** The colour of the bottom half of a block cell (call only on block cells). */
export function bottomColor(grid: CellGrid, index: number): Color {
	const char = grid.chars[index];
	return char === LOWER_HALF || char === FULL_BLOCK ? grid.fg[index]! : grid.bg[index]!;
}

/** The two colours a block cell shows. */
export type BlockPair = {top: Color; bottom: Color};

/**
Whether cell `index` is a block cell (as isBlockCell), and if so its top and bottom colours
into `pair`: one read of the character for all three answers (the diff asks them of every
video cell of every frame).
*/
export function readBlock(grid: CellGrid, index: number, pair: BlockPair): boolean {
	if (grid.attrs[index] !== 0) {
		return false;
	}

	const char = grid.chars[index];
	const fg = grid.fg[index]!;
	const bg = grid.bg[index]!;
	if (char === UPPER_HALF) {
		pair.top = fg;
		pair.bottom = bg;
		return fg >= 0 && bg >= 0;
	}

	if (char === LOWER_HALF) {
		pair.top = bg;
		pair.bottom = fg;
		return fg >= 0 && bg >= 0;
	}

	if (char === SPACE) {
		pair.top = bg;
		pair.bottom = bg;
		return bg >= 0;
	}

	if (char === FULL_BLOCK) {
		pair.top = fg;
		pair.bottom = fg;
		return fg >= 0;
	}

	return false;
}

/** Whether two colours are the same, or both 24-bit and within `tolerance` on every channel. */
export function colorsClose(a: Color, b: Color, tolerance: number): boolean {
	if (a === b) {
		return true;
	}

	if (tolerance <= 0 || a < TRUECOLOR || b < TRUECOLOR) {
		return false;
	}

	const dr = ((a >> 16) & 0xFF) - ((b >> 16) & 0xFF);
	const dg = ((a >> 8) & 0xFF) - ((b >> 8) & 0xFF);
	const db = (a & 0xFF) - (b & 0xFF);
	return dr <= tolerance && dr >= -tolerance && dg <= tolerance && dg >= -tolerance && db <= tolerance && db >= -tolerance;
}

/** A block cell as it will be sent: the character and the pen colours it needs. */
export type BlockChoice = {char: string; fg: Color; bg: Color};

/**
Choose how to send the pixel pair (top, bottom) given the pen's colours (`NO_COLOR` when
the pen cannot be reused): reuse a pen colour when it is within `tolerance` of the colour
needed, prefer the character that needs fewer colour changes. Writes into `out`.
*/
export function chooseBlock(top: Color, bottom: Color, penFg: Color, penBg: Color, tolerance: number, out: BlockChoice): void {
	if (colorsClose(top, bottom, tolerance)) {
		if (colorsClose(penBg, top, tolerance) && colorsClose(penBg, bottom, tolerance)) {
			out.char = SPACE;
			out.fg = penFg;
			out.bg = penBg;
		} else if (colorsClose(penFg, top, tolerance) && colorsClose(penFg, bottom, tolerance)) {
			out.char = FULL_BLOCK;
			out.fg = penFg;
			out.bg = penBg;
		} else {
			out.char = SPACE;
			out.fg = penFg;
			out.bg = top;
		}

		return;
	}

	const upperFg = colorsClose(penFg, top, tolerance);
	const upperBg = colorsClose(penBg, bottom, tolerance);
	const lowerFg = colorsClose(penFg, bottom, tolerance);
	const lowerBg = colorsClose(penBg, top, tolerance);
	if (Number(lowerFg) + Number(lowerBg) > Number(upperFg) + Number(upperBg)) {
		out.char = LOWER_HALF;
		out.fg = lowerFg ? penFg : bottom;
		out.bg = lowerBg ? penBg : top;
	} else {
		out.char = UPPER_HALF;
		out.fg = upperFg ? penFg : top;
		out.bg = upperBg ? penBg : bottom;
	}
}
