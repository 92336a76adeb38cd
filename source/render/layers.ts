import {BLANK, WIDE_TAIL, type CellGrid} from './cell-grid.js';
import {IMAGE} from './screen-writer.js';
import type {Rect} from './types.js';

/*
The compositor's layer arithmetic on screen-sized arrays, kept apart from its bookkeeping:
`layer` says where each composed cell comes from, `lead` marks the left half of a wide
character, `mask` the overlay cells.
*/

export type Composition = {
	readonly next: CellGrid;
	readonly layer: Int32Array;
	readonly lead: Uint8Array;
	readonly mask: Uint8Array;
};

/** Mark the cells of `rects` (clipped) with 1 in a screen-sized array. */
export function fillRects(target: Uint8Array, columns: number, rows: number, rects: readonly Rect[]): void {
	for (const rect of rects) {
		const x0 = Math.max(0, rect.x);
		const x1 = Math.min(columns, rect.x + rect.width);
		const y1 = Math.min(rows, rect.y + rect.height);
		for (let y = Math.max(0, rect.y); y < y1 && x1 > x0; y++) {
			target.fill(1, (y * columns) + x0, (y * columns) + x1);
		}
	}
}

/**
Copy a video layer's cells inside `rect` over the composition, except under overlays;
only those inside `clip` too when given (a partial composition).
*/
export function composeVideo(into: Composition, id: number, rect: Rect, grid: CellGrid, clip?: Rect): void {
	const {next, layer, lead, mask} = into;
	const {width, height} = next;
	const {chars, fg, bg, attrs} = next;
	let x0 = Math.max(0, rect.x);
	let x1 = Math.min(width, rect.x + rect.width);
	let y0 = Math.max(0, rect.y);
	let y1 = Math.min(height, rect.y + rect.height);
	if (clip !== undefined) {
		x0 = Math.max(x0, clip.x);
		x1 = Math.min(x1, clip.x + clip.width);
		y0 = Math.max(y0, clip.y);
		y1 = Math.min(y1, clip.y + clip.height);
	}

	for (let y = y0; y < y1; y++) {
		let source = (y * grid.width) + x0;
		for (let x = x0, index = (y * width) + x0; x < x1; x++, index++, source++) {
			if (mask[index] !== 0) {
				continue;
			}

			chars[index] = grid.chars[source]!;
			fg[index] = grid.fg[source]!;
			bg[index] = grid.bg[source]!;
			attrs[index] = grid.attrs[source]!;
			layer[index] = id;
			lead[index] = x + 1 < grid.width && grid.chars[source + 1] === WIDE_TAIL ? 1 : 0;
		}
	}
}

/** Mark an image tile's cells (the image covers them; nothing is sent there). */
export function composeImage(into: Composition, rect: Rect): void {
	const {width} = into.next;
	for (let y = rect.y; y < rect.y + rect.height; y++) {
		const start = (y * width) + rect.x;
		into.layer.fill(IMAGE, start, start + rect.width);
		into.lead.fill(0, start, start + rect.width);
	}
}

/**
Where layers meet, a wide character can lose its right half (or a right half its
character). Those cells become blanks so every row has exactly the width the terminal
will draw. Row `y` from column `x0` to `x1` (exclusive); left to right, as a cell's fate
depends on its left neighbour's. A cell depends only on its two neighbours, so a span
widened by one cell each side around what changed repairs all that can change
(dirty-rows.ts).
*/
export function repairWideCharacters(into: Composition, y: number, x0: number, x1: number): void {
	const {layer, lead} = into;
	const {chars, width} = into.next;
	for (let x = x0, index = (y * width) + x0; x < x1; x++, index++) {
		if (chars[index] === WIDE_TAIL) {
			if (x === 0 || layer[index - 1] !== layer[index] || lead[index - 1] === 0) {
				chars[index] = BLANK;
			}
		} else if (lead[index] === 1 && (x + 1 >= width || layer[index + 1] !== layer[index])) {
			chars[index] = BLANK;
			lead[index] = 0;
		}
	}
}
