import {Buffer} from 'node:buffer';
import {parseAnsiFrame} from './ansi-frame.js';
import {CLEAR_SCREEN, SGR_RESET, SYNC_BEGIN, SYNC_END, penTo} from './ansi-out.js';
import {COLOR_TOLERANCE} from './block-cells.js';
import {CellGrid, DEFAULT_COLOR} from './cell-grid.js';
import {DirtyRows} from './dirty-rows.js';
import type {CompositorOptions, CompositorStats} from './compositor-types.js';
import type {ImagePainter} from './image-painter.js';
import {ImageTiles, type ImageTile} from './image-tiles.js';
import {fillRects} from './layers.js';
import {OutputGate, type TerminalOutput} from './output-gate.js';
import {normalizeRect, sameRect, sameRects} from './rect.js';
import {chromeLead, composeScreen, type Video} from './screen-compose.js';
import {ScreenWriter} from './screen-writer.js';
import type {Rect} from './types.js';

export type {TerminalOutput} from './output-gate.js';
export type {CompositorOptions, CompositorStats} from './compositor-types.js';

/**
The one owner of the terminal (DESIGN.md, "How pixels reach the terminal"). It composes
the chrome (Ink's frame), the video tiles (cells, or images) and the overlays into one cell
grid and sends only what differs from what the terminal shows.

The bottom-right cell is never written: printing there leaves the cursor in the pending-wrap
state and some terminals scroll the whole screen up one row. It stays blank (the 2J clear);
whatever the chrome or a tile has there is not shown.

A flush composes and compares only the cells painted since the last one (dirty-rows.ts: the
tiles that got a new picture, the chrome cells that changed, tiles that moved or left); the
whole screen after a resize, a repaint, an overlay or tolerance change, and while any tile is
an image.

Composing: screen-compose.ts and layers.ts; the delta against what the terminal shows:
screen-writer.ts; image tiles: image-tiles.ts; backpressure: output-gate.ts.
*/
export class Compositor {
	readonly stats: CompositorStats = {flushes: 0, bytesWritten: 0, cellsWritten: 0, cellsComposed: 0, blockedFlushes: 0, imagesWritten: 0};
	readonly #output: OutputGate;
	#tolerance: number;
	#columns: number;
	#rows: number;
	#chrome: CellGrid;
	/** The chrome's previous parse while a new one is compared with it (swapped, not reallocated). */
	#chromeBefore: CellGrid;
	#chromeText = '';
	#chromeDirty = false;
	/** `lead` of the parsed chrome alone (1 on the left half of a wide character), kept with it. */
	#chromeLead = new Uint8Array(0);
	readonly #videos = new Map<string, Video>();
	/** The next video's layer id. */
	#nextLayer = 1;
	readonly #images: ImageTiles;
	#overlays: Rect[] = [];
	/** Screen-sized (see #allocate): overlay cells, and cells to compare exactly at the next flush. */
	#overlayMask = new Uint8Array(0);
	#exact = new Uint8Array(0);
	readonly #next: CellGrid;
	readonly #writer: ScreenWriter;
	#layer = new Int32Array(0);
	#lead = new Uint8Array(0);
	#dirty = true;
	#fullRepaint = true;
	/** The cells to compose and compare at the next flush, unless #composeAll. */
	#dirtyRows: DirtyRows;
	#composeAll = true;
	readonly #wholeScreen: boolean;

	constructor(output: TerminalOutput, columns: number, rows: number, options: CompositorOptions = {}) {
		this.#output = new OutputGate(output, options.onDrain);
		this.#images = new ImageTiles({
			invalidate: () => {
				this.invalidate();
			},
			markExact: rect => {
				this.#markExact(rect);
				this.#dirty = true;
			},
			wrap: options.wrapImage ?? (sequence => sequence),
		});
		this.#tolerance = options.tolerance ?? COLOR_TOLERANCE;
		this.#wholeScreen = options.wholeScreen ?? false;
		this.#columns = Math.max(0, Math.floor(columns));
		this.#rows = Math.max(0, Math.floor(rows));
		this.#chrome = new CellGrid(this.#columns, this.#rows);
		this.#chromeBefore = new CellGrid(this.#columns, this.#rows);
		this.#dirtyRows = new DirtyRows(this.#columns, this.#rows);
		this.#next = new CellGrid(this.#columns, this.#rows);
		this.#writer = new ScreenWriter(new CellGrid(this.#columns, this.#rows));
		this.#allocate();
	}

	get columns(): number {
		return this.#columns;
	}

	get rows(): number {
		return this.#rows;
	}

	/** What the terminal shows after the last write (for tests and debugging; do not modify). */
	get screen(): CellGrid {
		return this.#writer.shown;
	}

	/** Whether the last write has not drained yet (flushes are refused meanwhile). */
	get blocked(): boolean {
		return this.#output.blocked;
	}

	get tolerance(): number {
		return this.#tolerance;
	}

	/** Change the colour tolerance (0: exact). Takes effect at the next flush. */
	setTolerance(tolerance: number): void {
		const value = Math.max(0, Math.floor(tolerance));
		if (value !== this.#tolerance) {
			this.#tolerance = value;
			// Every video cell is compared again with the new tolerance.
			this.#composeAll = true;
			this.#dirty = true;
		}
	}

	resize(columns: number, rows: number): void {
		this.#columns = Math.max(0, Math.floor(columns));
		this.#rows = Math.max(0, Math.floor(rows));
		this.#chrome.resize(this.#columns, this.#rows);
		this.#chromeBefore.resize(this.#columns, this.#rows);
		this.#dirtyRows.resize(this.#columns, this.#rows);
		this.#next.resize(this.#columns, this.#rows);
		this.#writer.shown.resize(this.#columns, this.#rows);
		this.#allocate();
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
	rect or the screen are not shown. Later videos win where rects overlap. A tile drawn as
	an image before becomes cells.
	*/
	setVideo(id: string, rect: Rect, draw: (grid: CellGrid, rect: Rect) => void): void {
		this.#images.drop(id);
		const target = normalizeRect(rect);
		const width = Math.max(0, target.x + target.width);
		const height = Math.max(0, target.y + target.height);
		let video = this.#videos.get(id);
		if (video === undefined) {
			video = {rect: target, grid: new CellGrid(width, height), layer: this.#nextLayer++};
			this.#videos.set(id, video);
			this.#markExact(target);
		} else {
			if (!sameRect(video.rect, target)) {
				this.#markExact(target);
				// The cells it leaves show what is under it now.
				this.#dirtyRows.addRect(video.rect);
			} else {
				this.#dirtyRows.addRect(target);
			}

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

	/**
	Show a tile as a terminal image (sixel, kitty, iTerm2). Call again with the same painter
	after its pixels changed. While an overlay covers part of the tile, or the tile does not fit
	on the screen, the painter's half-block cells are shown instead.
	*/
	setImage(id: string, rect: Rect, painter: ImagePainter): void {
		const target = normalizeRect(rect);
		const video = this.#videos.get(id);
		if (video !== undefined) {
			this.#videos.delete(id);
			this.#markExact(target);
			this.#dirtyRows.addRect(video.rect);
		}

		this.#images.set(id, target, painter);
		this.#dirty = true;
	}

	removeVideo(id: string): void {
		const video = this.#videos.get(id);
		if (video) {
			this.#videos.delete(id);
			this.#markExact(video.rect);
			this.#dirty = true;
		}

		this.#images.drop(id);
	}

	/** Overlay rectangles (help box, dialogs): the chrome wins over video and images there. */
	setOverlays(rects: Rect[]): void {
		const overlays = rects.map(rect => normalizeRect(rect));
		if (sameRects(overlays, this.#overlays)) {
			// The layout is reported on every Ink commit; the same overlays change nothing.
			return;
		}

		for (const rect of this.#overlays) {
			// Uncovered video cells are compared exactly.
			this.#markExact(rect);
		}

		this.#overlays = overlays;
		this.#paintOverlayMask();
		this.#composeAll = true;
		this.#dirty = true;
	}

	/** Repaint everything at the next flush (after a resume, or anything else touched the screen). */
	invalidate(): void {
		this.#fullRepaint = true;
		this.#composeAll = true;
		this.#dirty = true;
	}

	/** Compose and write what changed. Returns the bytes written; 0 when nothing changed or blocked. */
	flush(): number {
		if (this.#output.blocked) {
			this.stats.blockedFlushes++;
			return 0;
		}

		if (!this.#dirty) {
			return 0;
		}

		this.#dirty = false;
		if (this.#chromeDirty) {
			this.#parseChrome();
		}

		const images = this.#images.visible(this.#columns, this.#rows, this.#overlays);
		let out = this.#images.takeErasures();
		const writer = this.#writer;
		if (this.#fullRepaint) {
			this.#fullRepaint = false;
			out += SGR_RESET + CLEAR_SCREEN;
			writer.cleared();
			this.#images.cleared();
		}

		// Image tiles' fallback cells are drawn anew at every flush: compose the whole screen then.
		const dirty = this.#composeAll || this.#wholeScreen || this.#images.tiles.size > 0 ? undefined : this.#dirtyRows;
		this.#compose(images, dirty);
		const cellsBefore = writer.cells;
		out += writer.diff({next: this.#next, layer: this.#layer, lead: this.#lead, exact: this.#exact, tolerance: this.#tolerance}, dirty);
		this.stats.cellsWritten += writer.cells - cellsBefore;
		this.stats.cellsComposed += dirty === undefined ? this.#next.chars.length : dirty.cells();
		this.#composeAll = false;
		this.#dirtyRows.clear();
		this.#exact.fill(0);
		// Leave the terminal's pen at default before images and between flushes, so anything
		// else printed (a crash message on exit) is not coloured by the last cell.
		const {pen} = writer;
		if (pen.fg !== DEFAULT_COLOR || pen.bg !== DEFAULT_COLOR || pen.attrs !== 0) {
			out += penTo(pen, DEFAULT_COLOR, DEFAULT_COLOR, 0);
		}

		out += this.#images.paint(images, () => {
			this.stats.imagesWritten++;
			writer.lostCursor();
		});
		if (out === '') {
			return 0;
		}

		const data = SYNC_BEGIN + out + SYNC_END;
		const bytes = Buffer.byteLength(data);
		this.stats.flushes++;
		this.stats.bytesWritten += bytes;
		// The shown grid already holds what was written (it reaches the terminal once drained,
		// even when the gate closes); until then nothing is queued, later flushes send one
		// fresh delta.
		this.#output.write(data);

		return bytes;
	}

	#allocate(): void {
		const size = this.#columns * this.#rows;
		this.#layer = new Int32Array(size);
		this.#lead = new Uint8Array(size);
		this.#overlayMask = new Uint8Array(size);
		this.#exact = new Uint8Array(size);
	}

	/** Compare these cells exactly at the next flush (and compose them again). */
	#markExact(rect: Rect): void {
		fillRects(this.#exact, this.#columns, this.#rows, [rect]);
		this.#dirtyRows.addRect(rect);
	}

	/** Parse Ink's frame; unless the whole screen is composed anyway, mark the cells it changed. */
	#parseChrome(): void {
		const before = this.#chrome;
		this.#chrome = this.#chromeBefore;
		this.#chromeBefore = before;
		parseAnsiFrame(this.#chromeText, this.#chrome);
		this.#chromeDirty = false;
		this.#chromeLead = chromeLead(this.#chrome);
		if (!this.#composeAll) {
			this.#dirtyRows.addChanges(before, this.#chrome);
		}
	}

	#paintOverlayMask(): void {
		this.#overlayMask.fill(0);
		fillRects(this.#overlayMask, this.#columns, this.#rows, this.#overlays);
	}

	#compose(images: Set<ImageTile>, dirty: DirtyRows | undefined): void {
		composeScreen({next: this.#next, layer: this.#layer, lead: this.#lead, mask: this.#overlayMask}, {
			chrome: this.#chrome,
			chromeLead: this.#chromeLead,
			videos: this.#videos,
			images: this.#images.tiles,
			shownImages: images,
		}, dirty);
	}
}
