import {BLANK, CellGrid, DEFAULT_COLOR, WIDE_TAIL} from './cell-grid.js';
import type {ImageTile} from './image-tiles.js';
import {composeImage, composeVideo, repairWideCharacters, type Composition} from './layers.js';
import {CHROME, RESERVED} from './screen-writer.js';
import type {Rect} from './types.js';

/** A tile's video layer: cells in screen coordinates, shown inside `rect`. */
export type Video = {rect: Rect; grid: CellGrid};

/** 1 where a chrome cell holds the left half of a wide character (its right half follows on the row). */
export function chromeLead(chrome: CellGrid): Uint8Array<ArrayBuffer> {
	const {chars, width} = chrome;
	const lead = new Uint8Array(chars.length);
	for (let index = 0, x = 0; index < chars.length; index++, x = x + 1 === width ? 0 : x + 1) {
		lead[index] = x + 1 < width && chars[index + 1] === WIDE_TAIL ? 1 : 0;
	}

	return lead;
}

export type ScreenLayers = {
	readonly chrome: CellGrid;
	/** `chromeLead(chrome)`, or an array of another length when the chrome is not parsed at this size yet. */
	readonly chromeLead: Uint8Array;
	/** In stacking order: later videos win where they overlap. */
	readonly videos: Iterable<Video>;
	/** Image tiles in stacking order, above every video. */
	readonly images: Iterable<ImageTile>;
	/** The image tiles shown as images now; the others are drawn as their painter's cells. */
	readonly shownImages: ReadonlySet<ImageTile>;
};

/**
Compose one screen into `into`: the chrome at the bottom, each video and image tile above it
with its own layer id (so a moved tile is told apart from its neighbour), the overlay mask
keeping the chrome on top, and the bottom-right cell reserved (never written: printing there
leaves the cursor pending a wrap and some terminals scroll).
*/
export function composeScreen(into: Composition, layers: ScreenLayers): void {
	const {next, layer, lead} = into;
	next.copyFrom(layers.chrome);
	layer.fill(CHROME);
	if (layers.chromeLead.length === lead.length) {
		lead.set(layers.chromeLead);
	} else {
		// No chrome parsed at this size yet: a blank chrome has no wide characters.
		lead.fill(0);
	}

	let id = CHROME;
	for (const {rect, grid} of layers.videos) {
		composeVideo(into, ++id, rect, grid);
	}

	for (const tile of layers.images) {
		id++;
		if (layers.shownImages.has(tile)) {
			composeImage(into, tile.rect);
		} else {
			const grid = new CellGrid(tile.rect.x + tile.rect.width, tile.rect.y + tile.rect.height);
			tile.painter.drawCells(grid, tile.rect);
			composeVideo(into, id, tile.rect, grid);
		}
	}

	const last = next.chars.length - 1;
	if (last >= 0) {
		next.set(next.width - 1, next.height - 1, BLANK, DEFAULT_COLOR, DEFAULT_COLOR, 0);
		layer[last] = RESERVED;
		lead[last] = 0;
	}

	repairWideCharacters(into);
}
