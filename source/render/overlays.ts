import {fillRects} from './layers.js';
import {normalizeRect, sameRects} from './rect.js';
import type {Rect} from './types.js';

/** The compositor's overlay rectangles (help box, dialogs) and the screen-sized mask of their cells. */
export class Overlays {
	rects: readonly Rect[] = [];
	/** 1 where an overlay covers the cell: the chrome wins over video and images there. */
	mask: Uint8Array;
	#columns: number;
	#rows: number;

	constructor(columns: number, rows: number) {
		this.#columns = columns;
		this.#rows = rows;
		this.mask = new Uint8Array(columns * rows);
	}

	/** New rectangles; returns the old ones, or undefined when they are the same (nothing changes). */
	set(rects: readonly Rect[]): readonly Rect[] | undefined {
		const next = rects.map(rect => normalizeRect(rect));
		if (sameRects(next, this.rects)) {
			return undefined;
		}

		const before = this.rects;
		this.rects = next;
		this.#paint();
		return before;
	}

	resize(columns: number, rows: number): void {
		this.#columns = columns;
		this.#rows = rows;
		this.mask = new Uint8Array(columns * rows);
		this.#paint();
	}

	#paint(): void {
		this.mask.fill(0);
		fillRects(this.mask, this.#columns, this.#rows, this.rects);
	}
}
