import {parseAnsiFrame} from './ansi-frame.js';
import {CellGrid} from './cell-grid.js';
import type {DirtyRows} from './dirty-rows.js';
import {chromeLead} from './screen-compose.js';

/**
The compositor's chrome: Ink's latest full frame, parsed into a screen-sized grid lazily (at
the flush after the last `set`, however many frames came in between), with the left halves
of its wide characters. The grid of the previous parse is kept and reused, so a new frame can
be compared with it and only the cells that changed composed again.
*/
export class ChromeLayer {
	grid: CellGrid;
	/** `chromeLead(grid)`: 1 on the left half of a wide character. */
	lead = new Uint8Array(0);
	#before: CellGrid;
	#text = '';
	#stale = false;

	constructor(columns: number, rows: number) {
		this.grid = new CellGrid(columns, rows);
		this.#before = new CellGrid(columns, rows);
	}

	/** Ink's latest frame. Returns whether it differs from the one before. */
	set(frame: string): boolean {
		if (frame === this.#text) {
			return false;
		}

		this.#text = frame;
		this.#stale = true;
		return true;
	}

	/** New screen size: the frame is parsed again at that size. */
	resize(columns: number, rows: number): void {
		this.grid.resize(columns, rows);
		this.#before.resize(columns, rows);
		this.#stale = true;
	}

	/** Parse the latest frame if not done yet; mark the cells it changed in `changes` when given. */
	update(changes: DirtyRows | undefined): void {
		if (!this.#stale) {
			return;
		}

		const before = this.grid;
		this.grid = this.#before;
		this.#before = before;
		parseAnsiFrame(this.#text, this.grid);
		this.#stale = false;
		this.lead = chromeLead(this.grid);
		changes?.addChanges(before, this.grid);
	}
}
