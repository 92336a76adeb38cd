import {Buffer} from 'node:buffer';
import {parseAnsiFrame} from './ansi-frame.js';
import {CLEAR_SCREEN, SGR_RESET, SYNC_BEGIN, SYNC_END, penTo} from './ansi-out.js';
import {COLOR_TOLERANCE} from './block-cells.js';
import {BLANK, CellGrid, DEFAULT_COLOR, WIDE_TAIL} from './cell-grid.js';
import type {ImagePainter} from './image-painter.js';
import {ImageTiles, type ImageTile} from './image-tiles.js';
import {CHROME, RESERVED, ScreenWriter} from './screen-writer.js';
import {composeImage, composeVideo, fillRects, repairWideCharacters} from './layers.js';
import type {Rect} from './types.js';

export type TerminalOutput = {
	write(data: string): boolean;
	once(event: 'drain', listener: () => void): unknown;
};

export type CompositorOptions = {
	/** Colour tolerance for video cells (block-cells.ts, COLOR_TOLERANCE); 0 compares exactly. */
	readonly tolerance?: number;
	/** Called when a write that did not fit has drained, so the owner can flush again. */
	readonly onDrain?: () => void;
	/** Applied to every image sequence (tmux passthrough: tmux-wrap.ts). */
	readonly wrapImage?: (sequence: string) => string;
};

export type CompositorStats = {
	/** Flushes that wrote something. */
	flushes: number;
	bytesWritten: number;
	cellsWritten: number;
	/** Flushes refused because the output had not drained. */
	blockedFlushes: number;
	/** Image sequences sent (whole pictures and changed parts). */
	imagesWritten: number;
};

type Video = {rect: Rect; grid: CellGrid};
function normalizeRect(rect: Rect): Rect {
	return {
		x: Math.floor(rect.x),
		y: Math.floor(rect.y),
		width: Math.max(0, Math.floor(rect.width)),
		height: Math.max(0, Math.floor(rect.height)),
	};
}

const sameRect = (a: Rect, b: Rect): boolean => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
The one owner of the terminal (DESIGN.md, "How pixels reach the terminal"). It composes
the chrome (Ink's frame), the video tiles (cells, or images) and the overlays into one cell
grid and sends only what differs from what the terminal shows.

The bottom-right cell is never written: printing there leaves the cursor in the pending-wrap
state and some terminals scroll the whole screen up one row. It stays blank (the 2J clear);
whatever the chrome or a tile has there is not shown.
*/
/** 1 where a chrome cell holds the left half of a wide character (its right half follows on the row). */
function chromeLead(chrome: CellGrid): Uint8Array<ArrayBuffer> {
	const {chars, width} = chrome;
	const lead = new Uint8Array(chars.length);
	for (let index = 0, x = 0; index < chars.length; index++, x = x + 1 === width ? 0 : x + 1) {
		lead[index] = x + 1 < width && chars[index + 1] === WIDE_TAIL ? 1 : 0;
	}

	return lead;
}

export class Compositor {
	readonly stats: CompositorStats = {flushes: 0, bytesWritten: 0, cellsWritten: 0, blockedFlushes: 0, imagesWritten: 0};
	readonly #output: TerminalOutput;
	readonly #onDrain: (() => void) | undefined;
	#tolerance: number;
	#columns: number;
	#rows: number;
	readonly #chrome: CellGrid;
	#chromeText = '';
	#chromeDirty = false;
	/** `lead` of the parsed chrome alone (1 on the left half of a wide character), kept with it. */
	#chromeLead = new Uint8Array(0);
	readonly #videos = new Map<string, Video>();
	readonly #images: ImageTiles;
	#overlays: Rect[] = [];
	#overlayMask: Uint8Array;
	#exact: Uint8Array;
	readonly #next: CellGrid;
	readonly #writer: ScreenWriter;
	#layer: Int32Array;
	#lead: Uint8Array;
	#dirty = true;
	#fullRepaint = true;
	#blocked = false;

	constructor(output: TerminalOutput, columns: number, rows: number, options: CompositorOptions = {}) {
		this.#output = output;
		this.#onDrain = options.onDrain;
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
		this.#columns = Math.max(0, Math.floor(columns));
		this.#rows = Math.max(0, Math.floor(rows));
		this.#chrome = new CellGrid(this.#columns, this.#rows);
		this.#next = new CellGrid(this.#columns, this.#rows);
		this.#writer = new ScreenWriter(new CellGrid(this.#columns, this.#rows));
		const size = this.#columns * this.#rows;
		this.#layer = new Int32Array(size);
		this.#lead = new Uint8Array(size);
		this.#overlayMask = new Uint8Array(size);
		this.#exact = new Uint8Array(size);
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
		return this.#blocked;
	}

	get tolerance(): number {
		return this.#tolerance;
	}

	/** Change the colour tolerance (0: exact). Takes effect at the next flush. */
	setTolerance(tolerance: number): void {
		this.#tolerance = Math.max(0, Math.floor(tolerance));
	}

	resize(columns: number, rows: number): void {
		this.#columns = Math.max(0, Math.floor(columns));
		this.#rows = Math.max(0, Math.floor(rows));
		this.#chrome.resize(this.#columns, this.#rows);
		this.#next.resize(this.#columns, this.#rows);
		this.#writer.shown.resize(this.#columns, this.#rows);
		const size = this.#columns * this.#rows;
		this.#layer = new Int32Array(size);
		this.#lead = new Uint8Array(size);
		this.#overlayMask = new Uint8Array(size);
		this.#exact = new Uint8Array(size);
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
			video = {rect: target, grid: new CellGrid(width, height)};
			this.#videos.set(id, video);
			this.#markExact(target);
		} else {
			if (!sameRect(video.rect, target)) {
				this.#markExact(target);
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
		if (this.#videos.delete(id)) {
			this.#markExact(target);
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
		for (const rect of this.#overlays) {
			// Uncovered video cells are compared exactly.
			this.#markExact(rect);
		}

		this.#overlays = rects.map(rect => normalizeRect(rect));
		this.#paintOverlayMask();
		this.#dirty = true;
	}

	/** Repaint everything at the next flush (after a resume, or anything else touched the screen). */
	invalidate(): void {
		this.#fullRepaint = true;
		this.#dirty = true;
	}

	/** Compose and write what changed. Returns the bytes written; 0 when nothing changed or blocked. */
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
			this.#chromeLead = chromeLead(this.#chrome);
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

		this.#compose(images);
		const cellsBefore = writer.cells;
		out += writer.diff({next: this.#next, layer: this.#layer, lead: this.#lead, exact: this.#exact, tolerance: this.#tolerance});
		this.stats.cellsWritten += writer.cells - cellsBefore;
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
		if (!this.#output.write(data)) {
			// The shown grid already holds what was written (it reaches the terminal once
			// drained); until then nothing is queued, later flushes send one fresh delta.
			this.#blocked = true;
			this.#output.once('drain', () => {
				this.#blocked = false;
				this.#onDrain?.();
			});
		}

		return bytes;
	}

	#markExact(rect: Rect): void {
		fillRects(this.#exact, this.#columns, this.#rows, [rect]);
	}

	#paintOverlayMask(): void {
		this.#overlayMask.fill(0);
		fillRects(this.#overlayMask, this.#columns, this.#rows, this.#overlays);
	}

	#compose(images: Set<ImageTile>): void {
		const width = this.#columns;
		const chrome = this.#chrome;
		const into = {next: this.#next, layer: this.#layer, lead: this.#lead, mask: this.#overlayMask};
		into.next.copyFrom(chrome);
		into.layer.fill(CHROME);
		if (this.#chromeLead.length === into.lead.length) {
			into.lead.set(this.#chromeLead);
		} else {
			// No chrome parsed at this size yet: a blank chrome has no wide characters.
			into.lead.fill(0);
		}

		let id = CHROME;
		for (const {rect, grid} of this.#videos.values()) {
			composeVideo(into, ++id, rect, grid);
		}

		for (const tile of this.#images.tiles.values()) {
			id++;
			if (images.has(tile)) {
				composeImage(into, tile.rect);
			} else {
				const grid = new CellGrid(tile.rect.x + tile.rect.width, tile.rect.y + tile.rect.height);
				tile.painter.drawCells(grid, tile.rect);
				composeVideo(into, id, tile.rect, grid);
			}
		}

		const last = into.next.chars.length - 1;
		if (last >= 0) {
			into.next.set(width - 1, this.#rows - 1, BLANK, DEFAULT_COLOR, DEFAULT_COLOR, 0);
			into.layer[last] = RESERVED;
			into.lead[last] = 0;
		}

		repairWideCharacters(into);
	}
}
