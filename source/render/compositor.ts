import {Buffer} from 'node:buffer';
import {CLEAR_SCREEN, SGR_RESET, SYNC_BEGIN, SYNC_END, penTo} from './ansi-out.js';
import {COLOR_TOLERANCE} from './block-cells.js';
import {CellGrid, DEFAULT_COLOR} from './cell-grid.js';
import {ChromeLayer} from './chrome-layer.js';
import type {DirtyRows} from './dirty-rows.js';
import type {CompositorOptions, CompositorStats} from './compositor-types.js';
import type {ImagePainter} from './image-painter.js';
import {ImageTiles, type ImageTile} from './image-tiles.js';
import {OutputGate, type TerminalOutput} from './output-gate.js';
import {Overlays} from './overlays.js';
import {normalizeRect, sameRect} from './rect.js';
import {composeScreen, type Video} from './screen-compose.js';
import {ScreenDamage} from './screen-damage.js';
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
	readonly #chrome: ChromeLayer;
	readonly #videos = new Map<string, Video>();
	/** The next video's layer id. */
	#nextLayer = 1;
	readonly #images: ImageTiles;
	readonly #overlays: Overlays;
	readonly #next: CellGrid;
	readonly #writer: ScreenWriter;
	#layer = new Int32Array(0);
	#lead = new Uint8Array(0);
	/** Whether anything changed since the last flush. */
	#dirty = true;
	#fullRepaint = true;
	readonly #damage: ScreenDamage;
	readonly #wholeScreen: boolean;

	constructor(output: TerminalOutput, columns: number, rows: number, options: CompositorOptions = {}) {
		this.#output = new OutputGate(output, options.onDrain);
		this.#images = new ImageTiles({
			invalidate: () => {
				this.invalidate();
			},
			markExact: rect => {
				this.#damage.markExact(rect);
				this.#dirty = true;
			},
			wrap: options.wrapImage ?? (sequence => sequence),
		});
		this.#tolerance = options.tolerance ?? COLOR_TOLERANCE;
		this.#wholeScreen = options.wholeScreen ?? false;
		this.#columns = Math.max(0, Math.floor(columns));
		this.#rows = Math.max(0, Math.floor(rows));
		this.#chrome = new ChromeLayer(this.#columns, this.#rows);
		this.#damage = new ScreenDamage(this.#columns, this.#rows);
		this.#overlays = new Overlays(this.#columns, this.#rows);
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
			this.#damage.markAll();
			this.#dirty = true;
		}
	}

	resize(columns: number, rows: number): void {
		this.#columns = Math.max(0, Math.floor(columns));
		this.#rows = Math.max(0, Math.floor(rows));
		this.#chrome.resize(this.#columns, this.#rows);
		this.#damage.resize(this.#columns, this.#rows);
		this.#next.resize(this.#columns, this.#rows);
		this.#writer.shown.resize(this.#columns, this.#rows);
		this.#overlays.resize(this.#columns, this.#rows);
		this.#allocate();
		this.invalidate();
	}

	/** Ink's latest full frame; parsed lazily at the next flush. */
	setChrome(frame: string): void {
		if (this.#chrome.set(frame)) {
			this.#dirty = true;
		}
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
			this.#damage.markExact(target);
		} else {
			if (!sameRect(video.rect, target)) {
				this.#damage.markExact(target);
				// The cells it leaves show what is under it now.
				this.#damage.markPainted(video.rect);
			} else {
				this.#damage.markPainted(target);
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
			this.#damage.markExact(target);
			this.#damage.markPainted(video.rect);
		}

		this.#images.set(id, target, painter);
		this.#dirty = true;
	}

	removeVideo(id: string): void {
		const video = this.#videos.get(id);
		if (video) {
			this.#videos.delete(id);
			this.#damage.markExact(video.rect);
			this.#dirty = true;
		}

		this.#images.drop(id);
	}

	/** Overlay rectangles (help box, dialogs): the chrome wins over video and images there. */
	setOverlays(rects: Rect[]): void {
		// The layout is reported on every Ink commit: the same overlays change nothing.
		const before = this.#overlays.set(rects);
		if (before === undefined) {
			return;
		}

		for (const rect of before) {
			// Uncovered video cells are compared exactly.
			this.#damage.markExact(rect);
		}

		this.#damage.markAll();
		this.#dirty = true;
	}

	/** Repaint everything at the next flush (after a resume, or anything else touched the screen). */
	invalidate(): void {
		this.#fullRepaint = true;
		this.#damage.markAll();
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
		const damage = this.#damage;
		this.#chrome.update(damage.all ? undefined : damage.rows);
		const images = this.#images.visible(this.#columns, this.#rows, this.#overlays.rects);
		let out = this.#images.takeErasures();
		const writer = this.#writer;
		if (this.#fullRepaint) {
			this.#fullRepaint = false;
			out += SGR_RESET + CLEAR_SCREEN;
			writer.cleared();
			this.#images.cleared();
		}

		// Image tiles' fallback cells are drawn anew at every flush: compose the whole screen then.
		const dirty = damage.all || this.#wholeScreen || this.#images.tiles.size > 0 ? undefined : damage.rows;
		this.#compose(images, dirty);
		const cellsBefore = writer.cells;
		out += writer.diff({next: this.#next, layer: this.#layer, lead: this.#lead, exact: damage.exact, tolerance: this.#tolerance}, dirty);
		this.stats.cellsWritten += writer.cells - cellsBefore;
		this.stats.cellsComposed += dirty === undefined ? this.#next.chars.length : dirty.cells();
		damage.clear();
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
	}

	#compose(images: Set<ImageTile>, dirty: DirtyRows | undefined): void {
		composeScreen({next: this.#next, layer: this.#layer, lead: this.#lead, mask: this.#overlays.mask}, {
			chrome: this.#chrome.grid,
			chromeLead: this.#chrome.lead,
			videos: this.#videos,
			images: this.#images.tiles,
			shownImages: images,
		}, dirty);
	}
}
