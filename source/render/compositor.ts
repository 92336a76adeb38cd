import {Buffer} from 'node:buffer';
import {parseAnsiFrame} from './ansi-frame.js';
import {
	CLEAR_SCREEN, SGR_RESET, SYNC_BEGIN, SYNC_END, cursorForward, cursorTo, penTo,
} from './ansi-out.js';
import {BLANK, CellGrid, DEFAULT_COLOR, WIDE_TAIL} from './cell-grid.js';
import type {Pen} from './sgr.js';
import type {Rect} from './types.js';

export type TerminalOutput = {
	write(data: string): boolean;
	once(event: 'drain', listener: () => void): unknown;
};

export type CompositorStats = {
	/** Flushes that wrote something. */
	flushes: number;
	bytesWritten: number;
	cellsWritten: number;
	/** Flushes refused because the output had not drained. */
	blockedFlushes: number;
};

type Video = {rect: Rect; grid: CellGrid};

// Layer ids per cell: 0 chrome, 1.. videos, RESERVED the bottom-right cell.
const CHROME = 0;
const RESERVED = -1;

function normalizeRect(rect: Rect): Rect {
	return {
		x: Math.floor(rect.x),
		y: Math.floor(rect.y),
		width: Math.max(0, Math.floor(rect.width)),
		height: Math.max(0, Math.floor(rect.height)),
	};
}

/**
The one owner of the terminal (DESIGN.md, "How pixels reach the terminal"). It composes
the chrome (Ink's frame), the video tiles and the overlays into one cell grid and sends only
the cells that differ from what the terminal shows.

The bottom-right cell is never written: printing there leaves the cursor in the pending-wrap
state and some terminals scroll the whole screen up one row. It stays blank (the 2J clear);
whatever the chrome or a tile has there is not shown.
*/
export class Compositor {
	readonly stats: CompositorStats = {flushes: 0, bytesWritten: 0, cellsWritten: 0, blockedFlushes: 0};
	readonly #output: TerminalOutput;
	#columns: number;
	#rows: number;
	readonly #chrome: CellGrid;
	#chromeText = '';
	#chromeDirty = false;
	readonly #videos = new Map<string, Video>();
	#overlays: Rect[] = [];
	#overlayMask: Uint8Array;
	readonly #next: CellGrid;
	readonly #shown: CellGrid;
	#layer: Int32Array;
	#lead: Uint8Array;
	readonly #pen: Pen = {fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0};
	#cursorX = -1;
	#cursorY = -1;
	#dirty = true;
	#fullRepaint = true;
	#blocked = false;

	constructor(output: TerminalOutput, columns: number, rows: number) {
		this.#output = output;
		this.#columns = Math.max(0, Math.floor(columns));
		this.#rows = Math.max(0, Math.floor(rows));
		this.#chrome = new CellGrid(this.#columns, this.#rows);
		this.#next = new CellGrid(this.#columns, this.#rows);
		this.#shown = new CellGrid(this.#columns, this.#rows);
		const size = this.#columns * this.#rows;
		this.#layer = new Int32Array(size);
		this.#lead = new Uint8Array(size);
		this.#overlayMask = new Uint8Array(size);
	}

	get columns(): number {
		return this.#columns;
	}

	get rows(): number {
		return this.#rows;
	}

	/** What the terminal shows after the last write (for tests and debugging; do not modify). */
	get screen(): CellGrid {
		return this.#shown;
	}

	/** Whether the last write has not drained yet (flushes are refused meanwhile). */
	get blocked(): boolean {
		return this.#blocked;
	}

	resize(columns: number, rows: number): void {
		this.#columns = Math.max(0, Math.floor(columns));
		this.#rows = Math.max(0, Math.floor(rows));
		this.#chrome.resize(this.#columns, this.#rows);
		this.#next.resize(this.#columns, this.#rows);
		this.#shown.resize(this.#columns, this.#rows);
		const size = this.#columns * this.#rows;
		this.#layer = new Int32Array(size);
		this.#lead = new Uint8Array(size);
		this.#overlayMask = new Uint8Array(size);
		this.#paintOverlayMask();
		this.#chromeDirty = true;
		this.invalidate();
	}

	/** Ink's latest full frame; parsed lazily at the next flush. */
	setChrome(frame: string): void {
		if (frame === this.#chromeText) {
			return;
		}

		this.#chromeText = frame;
		this.#chromeDirty = true;
		this.#dirty = true;
	}

	/**
	Set the video layer of a tile. `draw` is called synchronously, once, with the tile's own
	layer grid (screen coordinates, at least `rect.x + rect.width` × `rect.y + rect.height`,
	the rect cleared beforehand) and the rect; it paints the cells inside the rect, e.g.
	`(grid, rect) => encodeHalfBlocks(pixels, grid, rect)`. The compositor keeps no reference
	to the caller's pixels, and a terminal resize does not need a redraw. Cells outside the
	rect or the screen are not shown. Later videos win where rects overlap.
	*/
	setVideo(id: string, rect: Rect, draw: (grid: CellGrid, rect: Rect) => void): void {
		const target = normalizeRect(rect);
		const width = Math.max(0, target.x + target.width);
		const height = Math.max(0, target.y + target.height);
		let video = this.#videos.get(id);
		if (video === undefined) {
			video = {rect: target, grid: new CellGrid(width, height)};
			this.#videos.set(id, video);
		} else {
			video.rect = target;
			if (video.grid.width !== width || video.grid.height !== height) {
				video.grid.resize(width, height);
			} else {
				video.grid.clearRect(target);
			}
		}

		draw(video.grid, target);
		this.#dirty = true;
	}

	removeVideo(id: string): void {
		if (this.#videos.delete(id)) {
			this.#dirty = true;
		}
	}

	/** Overlay rectangles (help box, dialogs): the chrome wins over video there. */
	setOverlays(rects: Rect[]): void {
		this.#overlays = rects.map(rect => normalizeRect(rect));
		this.#paintOverlayMask();
		this.#dirty = true;
	}

	/** Repaint everything at the next flush (after a resume, or anything else touched the screen). */
	invalidate(): void {
		this.#fullRepaint = true;
		this.#dirty = true;
	}

	/** Compose and write the changed cells. Returns the bytes written; 0 when nothing changed or blocked. */
	flush(): number {
		if (this.#blocked) {
			this.stats.blockedFlushes++;
			return 0;
		}

		if (!this.#dirty) {
			return 0;
		}

		this.#dirty = false;
		if (this.#chromeDirty) {
			parseAnsiFrame(this.#chromeText, this.#chrome);
			this.#chromeDirty = false;
		}

		this.#compose();
		let out = '';
		if (this.#fullRepaint) {
			this.#fullRepaint = false;
			out = SGR_RESET + CLEAR_SCREEN;
			this.#shown.clear();
			this.#pen.fg = DEFAULT_COLOR;
			this.#pen.bg = DEFAULT_COLOR;
			this.#pen.attrs = 0;
			this.#cursorX = -1;
		}

		out += this.#diff();
		if (out === '') {
			return 0;
		}

		// Leave the terminal's pen at default between flushes, so anything else printed
		// (a crash message on exit) is not coloured by the last cell.
		if (this.#pen.fg !== DEFAULT_COLOR || this.#pen.bg !== DEFAULT_COLOR || this.#pen.attrs !== 0) {
			out += penTo(this.#pen, DEFAULT_COLOR, DEFAULT_COLOR, 0);
		}

		const data = SYNC_BEGIN + out + SYNC_END;
		const bytes = Buffer.byteLength(data);
		this.stats.flushes++;
		this.stats.bytesWritten += bytes;
		if (!this.#output.write(data)) {
			// The shown grid already holds what was written (it reaches the terminal once
			// drained); until then nothing is queued, later flushes send one fresh delta.
			this.#blocked = true;
			this.#output.once('drain', () => {
				this.#blocked = false;
			});
		}

		return bytes;
	}

	#paintOverlayMask(): void {
		const mask = this.#overlayMask;
		mask.fill(0);
		for (const rect of this.#overlays) {
			const x0 = Math.max(0, rect.x);
			const x1 = Math.min(this.#columns, rect.x + rect.width);
			const y1 = Math.min(this.#rows, rect.y + rect.height);
			for (let y = Math.max(0, rect.y); y < y1; y++) {
				if (x1 > x0) {
					mask.fill(1, (y * this.#columns) + x0, (y * this.#columns) + x1);
				}
			}
		}
	}

	#compose(): void {
		const width = this.#columns;
		const next = this.#next;
		const layer = this.#layer;
		const lead = this.#lead;
		const mask = this.#overlayMask;
		const chrome = this.#chrome;
		next.copyFrom(chrome);
		layer.fill(CHROME);
		for (let index = 0; index < chrome.chars.length; index++) {
			lead[index] = (index % width) + 1 < width && chrome.chars[index + 1] === WIDE_TAIL ? 1 : 0;
		}

		let id = CHROME;
		for (const {rect, grid} of this.#videos.values()) {
			id++;
			const x0 = Math.max(0, rect.x);
			const x1 = Math.min(width, rect.x + rect.width);
			const y1 = Math.min(this.#rows, rect.y + rect.height);
			for (let y = Math.max(0, rect.y); y < y1; y++) {
				let source = (y * grid.width) + x0;
				for (let x = x0, index = (y * width) + x0; x < x1; x++, index++, source++) {
					if (mask[index] !== 0) {
						continue;
					}

					next.chars[index] = grid.chars[source]!;
					next.fg[index] = grid.fg[source]!;
					next.bg[index] = grid.bg[source]!;
					next.attrs[index] = grid.attrs[source]!;
					layer[index] = id;
					lead[index] = x + 1 < grid.width && grid.chars[source + 1] === WIDE_TAIL ? 1 : 0;
				}
			}
		}

		const last = next.chars.length - 1;
		if (last >= 0) {
			next.set(width - 1, this.#rows - 1, BLANK, DEFAULT_COLOR, DEFAULT_COLOR, 0);
			layer[last] = RESERVED;
			lead[last] = 0;
		}

		this.#repairWideCharacters();
	}

	/**
	Where layers meet, a wide character can lose its right half (or a right half its
	character). Those cells become blanks so every row has exactly the width the terminal
	will draw.
	*/
	#repairWideCharacters(): void {
		const width = this.#columns;
		const {chars} = this.#next;
		const layer = this.#layer;
		const lead = this.#lead;
		for (let index = 0; index < chars.length; index++) {
			const x = index % width;
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

	#diff(): string {
		const width = this.#columns;
		const next = this.#next;
		const shown = this.#shown;
		const lead = this.#lead;
		const pen = this.#pen;
		const last = next.chars.length - 1;
		// Plain `+=` (V8 ropes, flattened once by the write): measured with bench/compositor.ts
		// against array push + join, equal for deltas and ~20% faster for full repaints.
		let out = '';
		let cells = 0;
		for (let index = 0; index < last; index++) {
			const isLead = lead[index] === 1;
			if (shown.sameCell(index, next, index) && (!isLead || shown.sameCell(index + 1, next, index + 1))) {
				continue;
			}

			const char = next.chars[index]!;
			shown.chars[index] = char;
			shown.fg[index] = next.fg[index]!;
			shown.bg[index] = next.bg[index]!;
			shown.attrs[index] = next.attrs[index]!;
			if (char === WIDE_TAIL) {
				// Drawn by the wide character on its left, which was sent when it changed.
				continue;
			}

			const x = index % width;
			const y = (index - x) / width;
			if (this.#cursorY !== y || this.#cursorX !== x) {
				out += this.#cursorY === y && this.#cursorX >= 0 && this.#cursorX < x
					? cursorForward(x - this.#cursorX)
					: cursorTo(x, y);
			}

			out += penTo(pen, next.fg[index]!, next.bg[index]!, next.attrs[index]!) + char;
			cells++;
			if (isLead) {
				shown.chars[index + 1] = next.chars[index + 1]!;
				shown.fg[index + 1] = next.fg[index + 1]!;
				shown.bg[index + 1] = next.bg[index + 1]!;
				shown.attrs[index + 1] = next.attrs[index + 1]!;
				// Terminals disagree on some widths: re-position explicitly after a wide character.
				this.#cursorX = -1;
			} else if (x + 1 >= width) {
				// Pending-wrap state after the last column: the next cell needs an explicit move.
				this.#cursorX = -1;
			} else {
				this.#cursorX = x + 1;
				this.#cursorY = y;
			}
		}

		this.stats.cellsWritten += cells;
		return out;
	}
}
