import type {CellGrid} from './cell-grid.js';
import {encodeCells, type CellMode} from './cell-encoders.js';
import type {Pixels} from './downsample.js';
import type {ImagePainter, ImageProtocol} from './image-painter.js';
import {DEFAULT_CELL_SIZE, imageToCells, type CellSize} from './image-pixels.js';
import {Iterm2Painter} from './iterm2-painter.js';
import {KittyPainter, kittyCell} from './kitty-painter.js';
import {sameRect} from './rect.js';
import {SixelPainter} from './sixel-painter.js';
import type {Rect} from './types.js';

/** How tiles are drawn. `--mode` takes these names (or `auto`). */
export type RenderMode = CellMode | ImageProtocol;

export const RENDER_MODES: readonly RenderMode[] = ['truecolor', '256', '16', 'ascii', 'sixel', 'kitty', 'iterm2'];

/** Text modes from the richest to the cheapest: the order the byte budget steps down. */
export const CELL_MODES: readonly CellMode[] = ['truecolor', '256', '16', 'ascii'];

export function isRenderMode(value: string): value is RenderMode {
	return (RENDER_MODES as readonly string[]).includes(value);
}

export function isImageMode(mode: RenderMode): mode is ImageProtocol {
	return mode === 'sixel' || mode === 'kitty' || mode === 'iterm2';
}

/** What the render loop draws into: the compositor, or a test double. */
export type VideoSink = {
	setVideo(id: string, rect: Rect, draw: (grid: CellGrid, rect: Rect) => void): void;
	setImage?(id: string, rect: Rect, painter: ImagePainter): void;
	removeVideo(id: string): void;
	flush(): number;
};

/**
Turns a tile's decoded pixels into what the sink shows, in one mode: the pixel size to
decode at, and how to hand the picture over. Image modes keep one painter per tile, so a
changed frame sends only its changed parts.
*/
export class TileRenderer {
	readonly mode: RenderMode;
	readonly cell: CellSize;
	readonly #painters = new Map<string, {painter: SixelPainter | KittyPainter | Iterm2Painter; rect: Rect}>();

	constructor(mode: RenderMode, cell: CellSize = DEFAULT_CELL_SIZE) {
		this.mode = mode;
		this.cell = cell;
	}

	/** Pixels to decode for a tile: one per cell across and two down for text, the real pixel size for images. */
	pixelSize(rect: Rect): {width: number; height: number} {
		if (isImageMode(this.mode)) {
			const cell = this.#imageCell();
			return {width: rect.width * cell.width, height: rect.height * cell.height};
		}

		return {width: rect.width, height: rect.height * 2};
	}

	async show(sink: VideoSink, id: string, rect: Rect, pixels: Pixels): Promise<void> {
		const {mode} = this;
		if (!isImageMode(mode)) {
			sink.setVideo(id, rect, (grid, target) => {
				encodeCells(mode, pixels, grid, target);
			});
			return;
		}

		if (!sink.setImage) {
			sink.setVideo(id, rect, (grid, target) => {
				imageToCells(pixels, grid, target);
			});
			return;
		}

		let entry = this.#painters.get(id);
		if (!entry || !sameRect(entry.rect, rect)) {
			const cell = this.#imageCell();
			const painter = mode === 'sixel' ? new SixelPainter(cell) : (mode === 'kitty' ? new KittyPainter(cell) : new Iterm2Painter(cell));
			entry = {painter, rect};
			this.#painters.set(id, entry);
		}

		const {painter} = entry;
		if (painter instanceof Iterm2Painter) {
			await painter.prepare(pixels);
		} else {
			painter.update(pixels);
		}

		if (this.#painters.get(id) === entry) {
			sink.setImage(id, rect, painter);
		}
	}

	/** Pixels per cell of the images this mode sends. */
	#imageCell(): CellSize {
		return this.mode === 'kitty' ? kittyCell(this.cell) : this.cell;
	}

	forget(id: string): void {
		this.#painters.delete(id);
	}
}
