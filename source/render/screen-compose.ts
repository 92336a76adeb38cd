import {BLANK, CellGrid, DEFAULT_COLOR, WIDE_TAIL} from './cell-grid.js';
import type {DirtyRows} from './dirty-rows.js';
import type {ImageTile} from './image-tiles.js';
import {composeImage, composeVideo, repairWideCharacters, type Composition} from './layers.js';
import {CHROME, RESERVED} from './screen-writer.js';
import type {Rect} from './types.js';

/**
A tile's video layer: cells in screen coordinates, shown inside `rect`. `layer` is its id in
the composition (> 0, unique, kept for the video's life: a partial composition leaves the
cells of the last one in place, so a tile must keep telling itself apart from its neighbour).
*/
export type Video = {rect: Rect; grid: CellGrid; layer: number};

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
	readonly videos: ReadonlyMap<string, Video>;
	/** Image tiles in stacking order, above every video. */
	readonly images: ReadonlyMap<string, ImageTile>;
	/** The image tiles shown as images now; the others are drawn as their painter's cells. */
	readonly shownImages: ReadonlySet<ImageTile>;
};

/**
Compose the screen into `into`: the chrome at the bottom, each video and image tile above it
with its own layer id (so a moved tile is told apart from its neighbour), the overlay mask
keeping the chrome on top, and the bottom-right cell reserved (never written: printing there
leaves the cursor pending a wrap and some terminals scroll).

With `dirty`, only its cells are composed; the others keep the last composition, which must
then have been made from the same overlays, screen size and image tiles. While there are
image tiles the whole screen is composed anyway (their fallback cells are drawn per flush).
*/
export function composeScreen(into: Composition, layers: ScreenLayers, dirty?: DirtyRows): void {
	const {next} = into;
	if (dirty === undefined || layers.images.size > 0 || dirty.rows !== next.height) {
		composeWhole(into, layers);
		return;
	}

	const {width, height} = next;
	const {chrome} = layers;
	const chromeLeadFits = layers.chromeLead.length === into.lead.length;
	for (let y = 0; y < height; y++) {
		const x0 = dirty.start[y]!;
		const x1 = Math.min(width, dirty.end[y]!);
		if (x0 >= x1) {
			continue;
		}

		const start = (y * width) + x0;
		const end = (y * width) + x1;
		for (let index = start; index < end; index++) {
			next.chars[index] = chrome.chars[index]!;
		}

		next.fg.set(chrome.fg.subarray(start, end), start);
		next.bg.set(chrome.bg.subarray(start, end), start);
		next.attrs.set(chrome.attrs.subarray(start, end), start);
		into.layer.fill(CHROME, start, end);
		if (chromeLeadFits) {
			into.lead.set(layers.chromeLead.subarray(start, end), start);
		} else {
			into.lead.fill(0, start, end);
		}

		const clip: Rect = {x: x0, y, width: x1 - x0, height: 1};
		for (const video of layers.videos.values()) {
			const {rect} = video;
			if (y >= rect.y && y < rect.y + rect.height && rect.x < x1 && rect.x + rect.width > x0) {
				composeVideo(into, video.layer, rect, video.grid, clip);
			}
		}

		if (y === height - 1 && x1 === width) {
			reserveCorner(into);
		}

		repairWideCharacters(into, y, x0, x1);
	}
}

function composeWhole(into: Composition, layers: ScreenLayers): void {
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
	for (const video of layers.videos.values()) {
		composeVideo(into, video.layer, video.rect, video.grid);
		id = Math.max(id, video.layer);
	}

	for (const tile of layers.images.values()) {
		id++;
		if (layers.shownImages.has(tile)) {
			composeImage(into, tile.rect);
		} else {
			const grid = new CellGrid(tile.rect.x + tile.rect.width, tile.rect.y + tile.rect.height);
			tile.painter.drawCells(grid, tile.rect);
			composeVideo(into, id, tile.rect, grid);
		}
	}

	reserveCorner(into);
	for (let y = 0; y < next.height; y++) {
		repairWideCharacters(into, y, 0, next.width);
	}
}

function reserveCorner(into: Composition): void {
	const {next} = into;
	const last = next.chars.length - 1;
	if (last >= 0) {
		next.set(next.width - 1, next.height - 1, BLANK, DEFAULT_COLOR, DEFAULT_COLOR, 0);
		into.layer[last] = RESERVED;
		into.lead[last] = 0;
	}
}
