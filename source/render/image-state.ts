import type {Pixels} from './downsample.js';
import {changedCellRects, copyCells, type CellSize} from './image-pixels.js';
import type {Rect} from './types.js';

/**
If the changed parts of a picture cover more than this share of it, one whole picture is
sent instead: each part costs a sequence header (and for sixel a palette), and a whole
picture compresses better than its pieces.
*/
export const WHOLE_PICTURE_SHARE = 0.6;

/**
What an image painter knows about its picture: the newest pixels, and the pixels the
terminal shows, so only cells that changed by more than the colour tolerance are sent again.
*/
export class ImageState {
	readonly cell: CellSize;
	pixels: Pixels | undefined;
	#shown: Uint8Array | undefined;

	constructor(cell: CellSize) {
		this.cell = cell;
	}

	update(pixels: Pixels): void {
		if (this.pixels && (this.pixels.width !== pixels.width || this.pixels.height !== pixels.height)) {
			this.#shown = undefined;
		}

		this.pixels = pixels;
	}

	/** The whole picture in cells. */
	whole(): Rect {
		const pixels = this.pixels;
		return pixels ? {x: 0, y: 0, width: Math.ceil(pixels.width / this.cell.width), height: Math.ceil(pixels.height / this.cell.height)} : {x: 0, y: 0, width: 0, height: 0};
	}

	/** The cell rectangles to send: everything when `full` (or nothing is on screen yet), else what changed. */
	regions(full: boolean): Rect[] {
		const {pixels} = this;
		if (!pixels) {
			return [];
		}

		const whole = this.whole();
		if (full || this.#shown === undefined) {
			return [whole];
		}

		const limit = WHOLE_PICTURE_SHARE * whole.width * whole.height;
		const changed = changedCellRects(this.#shown, pixels, this.cell, limit);
		const area = changed?.reduce((sum, rect) => sum + (rect.width * rect.height), 0) ?? Number.POSITIVE_INFINITY;
		return area > limit ? [whole] : changed!;
	}

	/** The regions were sent: the terminal now shows those pixels. */
	commit(regions: readonly Rect[]): void {
		const {pixels} = this;
		if (!pixels) {
			return;
		}

		this.#shown ??= new Uint8Array(pixels.data.length);
		for (const rect of regions) {
			copyCells(this.#shown, pixels, rect, this.cell);
		}
	}

	/** The picture left the screen. */
	forget(): void {
		this.#shown = undefined;
	}

	/** Pixel rectangle of a cell rectangle, clipped to the picture. */
	pixelRect(rect: Rect): {x: number; y: number; width: number; height: number} {
		const pixels = this.pixels!;
		const x = rect.x * this.cell.width;
		const y = rect.y * this.cell.height;
		return {x, y, width: Math.min(pixels.width, (rect.x + rect.width) * this.cell.width) - x, height: Math.min(pixels.height, (rect.y + rect.height) * this.cell.height) - y};
	}
}
