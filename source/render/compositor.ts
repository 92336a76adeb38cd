import {Buffer} from 'node:buffer';
import {parseAnsiFrame} from './ansi-frame.js';
import {CLEAR_SCREEN, SGR_RESET, SYNC_BEGIN, SYNC_END, penTo} from './ansi-out.js';
import {COLOR_TOLERANCE} from './block-cells.js';
import {BLANK, CellGrid, DEFAULT_COLOR, WIDE_TAIL} from './cell-grid.js';
import type {ImagePainter} from './image-painter.js';
import {CHROME, IMAGE, RESERVED, ScreenWriter} from './screen-writer.js';
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
type ImageTile = {
	rect: Rect;
	painter: ImagePainter;
	/** Whether the picture is on the terminal now (as an image, not as fallback cells). */
	placed: boolean;
	/** New pixels since the last paint. */
	changed: boolean;
};

function normalizeRect(rect: Rect): Rect {
	return {
		x: Math.floor(rect.x),
		y: Math.floor(rect.y),
		width: Math.max(0, Math.floor(rect.width)),
		height: Math.max(0, Math.floor(rect.height)),
	};
}

const sameRect = (a: Rect, b: Rect): boolean => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
const intersects = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
The one owner of the terminal (DESIGN.md, "How pixels reach the terminal"). It composes
the chrome (Ink's frame), the video tiles (cells, or images) and the overlays into one cell
grid and sends only what differs from what the terminal shows.

The bottom-right cell is never written: printing there leaves the cursor in the pending-wrap
state and some terminals scroll the whole screen up one row. It stays blank (the 2J clear);
whatever the chrome or a tile has there is not shown.
*/
export class Compositor {
	readonly stats: CompositorStats = {flushes: 0, bytesWritten: 0, cellsWritten: 0, blockedFlushes: 0, imagesWritten: 0};
	readonly #output: TerminalOutput;
	readonly #onDrain: (() => void) | undefined;
	readonly #wrapImage: (sequence: string) => string;
	#tolerance: number;
	#columns: number;
	#rows: number;
	readonly #chrome: CellGrid;
	#chromeText = '';
	#chromeDirty = false;
	readonly #videos = new Map<string, Video>();
	readonly #images = new Map<string, ImageTile>();
	/** Erase sequences owed for images that left the screen. */
	#erasures = '';
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
		this.#wrapImage = options.wrapImage ?? (sequence => sequence);
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
		this.#dropImage(id);
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

		const tile = this.#images.get(id);
		if (tile === undefined) {
			this.#images.set(id, {rect: target, painter, placed: false, changed: true});
		} else if (tile.painter !== painter || !sameRect(tile.rect, target)) {
			this.#takeDown(tile);
			tile.painter = painter;
			tile.rect = target;
			tile.changed = true;
		} else {
			tile.changed = true;
		}

		this.#dirty = true;
	}

	removeVideo(id: string): void {
		const video = this.#videos.get(id);
		if (video) {
			this.#videos.delete(id);
			this.#markExact(video.rect);
			this.#dirty = true;
		}

		this.#dropImage(id);
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
		}

		const images = this.#placeImages();
		let out = this.#erasures;
		this.#erasures = '';
		const writer = this.#writer;
		if (this.#fullRepaint) {
			this.#fullRepaint = false;
			out += SGR_RESET + CLEAR_SCREEN;
			writer.cleared();
			for (const tile of this.#images.values()) {
				tile.placed = false;
			}
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

		out += this.#paintImages(images);
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

	/** Which image tiles are shown as images this flush; the others fall back to cells. */
	#placeImages(): ImageTile[] {
		const shown: ImageTile[] = [];
		for (const tile of this.#images.values()) {
			const {rect} = tile;
			const fits = rect.width > 0 && rect.height > 0 && rect.x >= 0 && rect.y >= 0
				&& rect.x + rect.width <= this.#columns && rect.y + rect.height < this.#rows;
			if (fits && !this.#overlays.some(overlay => intersects(overlay, rect))) {
				shown.push(tile);
			} else if (tile.placed) {
				this.#takeDown(tile);
			}
		}

		return shown;
	}

	#paintImages(images: ImageTile[]): string {
		let out = '';
		for (const tile of images) {
			if (tile.placed && !tile.changed) {
				continue;
			}

			const sequence = tile.painter.paint(tile.rect, !tile.placed);
			tile.placed = true;
			tile.changed = false;
			if (sequence !== '') {
				out += this.#wrapImage(sequence);
				this.stats.imagesWritten++;
				this.#writer.lostCursor();
			}
		}

		return out;
	}

	/** Take a placed image off the screen; its cells are repainted (exactly) at the next flush. */
	#takeDown(tile: ImageTile): void {
		if (tile.placed) {
			const erase = tile.painter.erase();
			if (erase.clear) {
				this.invalidate();
			} else {
				this.#erasures += this.#wrapImage(erase.sequence);
			}

			tile.placed = false;
		}

		this.#markExact(tile.rect);
		this.#dirty = true;
	}

	#dropImage(id: string): void {
		const tile = this.#images.get(id);
		if (tile) {
			this.#takeDown(tile);
			this.#images.delete(id);
		}
	}

	#markExact(rect: Rect): void {
		const x0 = Math.max(0, rect.x);
		const x1 = Math.min(this.#columns, rect.x + rect.width);
		const y1 = Math.min(this.#rows, rect.y + rect.height);
		for (let y = Math.max(0, rect.y); y < y1 && x1 > x0; y++) {
			this.#exact.fill(1, (y * this.#columns) + x0, (y * this.#columns) + x1);
		}
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

	#compose(images: ImageTile[]): void {
		const width = this.#columns;
		const next = this.#next;
		const layer = this.#layer;
		const lead = this.#lead;
		const chrome = this.#chrome;
		next.copyFrom(chrome);
		layer.fill(CHROME);
		for (let index = 0; index < chrome.chars.length; index++) {
			lead[index] = (index % width) + 1 < width && chrome.chars[index + 1] === WIDE_TAIL ? 1 : 0;
		}

		let id = CHROME;
		for (const {rect, grid} of this.#videos.values()) {
			this.#composeVideo(++id, rect, grid);
		}

		for (const tile of this.#images.values()) {
			id++;
			if (images.includes(tile)) {
				this.#composeImage(tile.rect);
			} else {
				const grid = new CellGrid(tile.rect.x + tile.rect.width, tile.rect.y + tile.rect.height);
				tile.painter.drawCells(grid, tile.rect);
				this.#composeVideo(id, tile.rect, grid);
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

	#composeVideo(id: number, rect: Rect, grid: CellGrid): void {
		const width = this.#columns;
		const {chars, fg, bg, attrs} = this.#next;
		const layer = this.#layer;
		const lead = this.#lead;
		const mask = this.#overlayMask;
		const x0 = Math.max(0, rect.x);
		const x1 = Math.min(width, rect.x + rect.width);
		const y1 = Math.min(this.#rows, rect.y + rect.height);
		for (let y = Math.max(0, rect.y); y < y1; y++) {
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

	#composeImage(rect: Rect): void {
		const width = this.#columns;
		for (let y = rect.y; y < rect.y + rect.height; y++) {
			const start = (y * width) + rect.x;
			this.#layer.fill(IMAGE, start, start + rect.width);
			this.#lead.fill(0, start, start + rect.width);
		}
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
}
