import type {CellGrid} from './cell-grid.js';
import type {Rect} from './types.js';

/**
The cells a flush must compose and compare again: one span of columns per row
(`start[y]` ≤ x < `end[y]`; empty when `start[y] >= end[y]`). Two rectangles on the same
row share one span that covers both and the cells between them: more cells than needed,
never fewer. The compositor marks what was painted since the last flush (a tile's new
picture, the chrome cells that changed, a tile that moved or left); everything else is
known to be on the terminal already.

Every span is widened by one cell on each side: whether a cell shows a wide character or
a blank depends on its neighbours (layers.ts, repairWideCharacters), so the cells just
outside a changed rectangle may change too. Nothing farther away can.
*/
export class DirtyRows {
	start: Int32Array;
	end: Int32Array;
	#columns: number;
	#any = false;

	constructor(columns: number, rows: number) {
		this.#columns = columns;
		this.start = new Int32Array(rows).fill(columns);
		this.end = new Int32Array(rows);
	}

	get rows(): number {
		return this.start.length;
	}

	/** Whether no cell is marked. */
	get empty(): boolean {
		return !this.#any;
	}

	/** New screen size; nothing marked. */
	resize(columns: number, rows: number): void {
		this.#columns = columns;
		this.start = new Int32Array(rows).fill(columns);
		this.end = new Int32Array(rows);
		this.#any = false;
	}

	/** Mark the cells of `rect` (clipped to the screen) and one more on each side. */
	addRect(rect: Rect): void {
		const x0 = Math.max(0, rect.x - 1);
		const x1 = Math.min(this.#columns, rect.x + rect.width + 1);
		const y1 = Math.min(this.rows, rect.y + rect.height);
		if (rect.width <= 0 || x1 <= x0) {
			return;
		}

		for (let y = Math.max(0, rect.y); y < y1; y++) {
			this.#addSpan(y, x0, x1);
		}
	}

	/** Mark the cells where two grids of the screen's size differ (the chrome before and after a frame). */
	addChanges(before: CellGrid, after: CellGrid): void {
		const {width} = after;
		const rows = Math.min(this.rows, after.height, before.height);
		if (before.width !== width) {
			this.addRect({x: 0, y: 0, width, height: rows});
			return;
		}

		for (let y = 0; y < rows; y++) {
			const rowStart = y * width;
			let first = -1;
			let last = -1;
			for (let x = 0; x < width; x++) {
				if (!before.sameCell(rowStart + x, after, rowStart + x)) {
					if (first < 0) {
						first = x;
					}

					last = x;
				}
			}

			if (first >= 0) {
				this.#addSpan(y, Math.max(0, first - 1), Math.min(this.#columns, last + 2));
			}
		}
	}

	/** How many cells are marked. */
	cells(): number {
		let cells = 0;
		for (let y = 0; y < this.start.length; y++) {
			cells += Math.max(0, this.end[y]! - this.start[y]!);
		}

		return cells;
	}

	/** Nothing marked. */
	clear(): void {
		if (this.#any) {
			this.start.fill(this.#columns);
			this.end.fill(0);
			this.#any = false;
		}
	}

	#addSpan(y: number, x0: number, x1: number): void {
		if (x0 < this.start[y]!) {
			this.start[y] = x0;
		}

		if (x1 > this.end[y]!) {
			this.end[y] = x1;
		}

		this.#any = true;
	}
}
