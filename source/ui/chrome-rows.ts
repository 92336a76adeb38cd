import type {Rect} from '../render/types.js';
import type {ScreenLayout} from './layout.js';

/*
Ink's cost per render grows with the frame's area, whatever changed: its output step
builds an object per cell of the whole frame and turns every row back into a string
(ink/build/output.js), and the compositor parses that string. In the grid view almost
every row of the screen is video, which Ink only paints blank. So Ink renders a compact
frame holding only the rows that can carry chrome text (titles, the status line, the
placeholder of a tile with no picture yet, the stats panel, overlays), and `expandFrame`
puts those rows back at their screen rows, blank lines elsewhere, before the compositor
reads it. 16 cameras at 160×48: 5 rows instead of 48 (docs/benchmarks.md, "Scale").
*/

export type ChromeRows = {
	/** Screen rows. */
	readonly rows: number;
	/** The screen rows Ink renders, top to bottom; compact row i is screen row live[i]. */
	readonly live: readonly number[];
	/** Screen row → compact row, or -1 when the row holds no chrome. */
	readonly compactOf: readonly number[];
	/** A key that changes exactly when `live` does. */
	readonly key: string;
};

/**
The chrome rows of a layout. `hasPlaceholder(index)` says whether camera `index`'s tile
shows its placeholder text (no picture yet), which takes the tile's whole video area.
*/
export function chromeRows(layout: ScreenLayout, hasPlaceholder: (index: number) => boolean): ChromeRows {
	const rows = Math.max(0, layout.rows);
	const isLive = new Uint8Array(rows);
	const mark = (rect: Rect) => {
		for (let y = Math.max(0, rect.y); y < Math.min(rows, rect.y + rect.height); y++) {
			isLive[y] = 1;
		}
	};

	mark(layout.statusLine);
	for (const tile of layout.tiles) {
		mark(tile.title);
		if (hasPlaceholder(tile.index)) {
			mark(tile.video);
		}
	}

	if (layout.stats) {
		mark(layout.stats);
	}

	for (const overlay of layout.overlays) {
		mark(overlay);
	}

	const live: number[] = [];
	const compactOf: number[] = [];
	for (let y = 0; y < rows; y++) {
		compactOf.push(isLive[y] === 1 ? live.length : -1);
		if (isLive[y] === 1) {
			live.push(y);
		}
	}

	return {rows, live, compactOf, key: `${rows}:${live.join(',')}`};
}

/**
Where `rect` goes in the compact frame: its first chrome row, and as many rows as it has
chrome rows (all of them for the rectangles chromeRows marked). Height 0 when it has none.
*/
export function compactRect(rows: ChromeRows, rect: Rect): Rect {
	let first = -1;
	let count = 0;
	for (let y = Math.max(0, rect.y); y < Math.min(rows.rows, rect.y + rect.height); y++) {
		const compact = rows.compactOf[y] ?? -1;
		if (compact !== -1) {
			if (first === -1) {
				first = compact;
			}

			count++;
		}
	}

	return {x: rect.x, y: Math.max(0, first), width: rect.width, height: count};
}

/** The screen frame from Ink's compact one: each compact row at its screen row, empty lines between. */
export function expandFrame(frame: string, rows: ChromeRows): string {
	const lines = frame.split('\n');
	const out: string[] = [];
	for (let y = 0; y < rows.rows; y++) {
		const compact = rows.compactOf[y] ?? -1;
		out.push(compact === -1 ? '' : lines[compact] ?? '');
	}

	return out.join('\n');
}
