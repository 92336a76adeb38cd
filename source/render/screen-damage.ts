import {DirtyRows} from './dirty-rows.js';
import {fillRects} from './layers.js';
import type {Rect} from './types.js';

/**
What the next flush must look at again: the cells painted since the last one (dirty-rows.ts),
or the whole screen after something global changed, and the cells to compare exactly (a
tile new, moved or resized, something uncovered: no colour tolerance there).
*/
export class ScreenDamage {
	/** Screen-sized: 1 where video cells are compared exactly at the next flush. */
	exact = new Uint8Array(0);
	readonly rows: DirtyRows;
	#all = true;
	#columns: number;
	#rows: number;

	constructor(columns: number, rows: number) {
		this.#columns = columns;
		this.#rows = rows;
		this.rows = new DirtyRows(columns, rows);
		this.exact = new Uint8Array(columns * rows);
	}

	/** Whether the whole screen is to be composed at the next flush. */
	get all(): boolean {
		return this.#all;
	}

	resize(columns: number, rows: number): void {
		this.#columns = columns;
		this.#rows = rows;
		this.rows.resize(columns, rows);
		this.exact = new Uint8Array(columns * rows);
		this.#all = true;
	}

	/** Compose the whole screen at the next flush. */
	markAll(): void {
		this.#all = true;
	}

	/** These cells were painted. */
	markPainted(rect: Rect): void {
		this.rows.addRect(rect);
	}

	/** These cells were painted, or uncovered: compare them exactly at the next flush. */
	markExact(rect: Rect): void {
		fillRects(this.exact, this.#columns, this.#rows, [rect]);
		this.rows.addRect(rect);
	}

	/** The flush took it all into account. */
	clear(): void {
		this.#all = false;
		this.rows.clear();
		this.exact.fill(0);
	}
}
