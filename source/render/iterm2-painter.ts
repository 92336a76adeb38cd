import {Buffer} from 'node:buffer';
import type {CellGrid} from './cell-grid.js';
import {cursorPosition} from './cursor-moves.js';
import type {Pixels} from './downsample.js';
import type {ImageErase, ImagePainter} from './image-painter.js';
import {changedCellRects, imageToCells, type CellSize} from './image-pixels.js';
import type {Rect} from './types.js';

/*
iTerm2 inline images (iterm2.com/documentation-images.html), also read by WezTerm and
others: `OSC 1337 ; File=inline=1;size=N;width=Wcols;height=Hrows;preserveAspectRatio=0 :
base64 BEL` draws the file at the cursor, scaled to the tile's cells. The file is a JPEG
(quality JPEG_QUALITY) encoded from the tile's pixels: a camera picture as PNG or raw pixels
would be 10–20 times larger.

Placed and replaced by printing it again at the tile's top-left: the new picture covers the
old one's cells. The protocol has no partial update, so a changed frame is sent whole; a
frame whose pixels all stay within the colour tolerance is not sent. Removed by clearing
the screen (the picture lives in the text cells; only a repaint takes it off).
*/

export const JPEG_QUALITY = 80;

export class Iterm2Painter implements ImagePainter {
	readonly protocol = 'iterm2';
	readonly #cell: CellSize;
	#pixels: Pixels | undefined;
	#jpeg: Uint8Array | undefined;
	/** Pixels of the newest JPEG, to tell whether the next frame differs. */
	#encoded: Uint8Array | undefined;
	#changed = false;

	constructor(cell: CellSize) {
		this.#cell = cell;
	}

	/** Take new pixels and encode them (async: sharp) unless they look the same as the last ones. */
	async prepare(pixels: Pixels): Promise<boolean> {
		this.#pixels = pixels;
		if (this.#encoded && this.#encoded.length === pixels.data.length
			&& changedCellRects(this.#encoded, pixels, this.#cell, 0)?.length === 0) {
			return false;
		}

		// Loaded here, not at start-up: a monitor in text modes never needs libvips (downsample.ts).
		const {default: sharp} = await import('sharp');
		this.#jpeg = await sharp(pixels.data, {raw: {width: pixels.width, height: pixels.height, channels: 3}}).jpeg({quality: JPEG_QUALITY}).toBuffer();
		this.#encoded = pixels.data;
		this.#changed = true;
		return true;
	}

	paint(rect: Rect, full: boolean): string {
		const jpeg = this.#jpeg;
		if (!jpeg || (!full && !this.#changed)) {
			return '';
		}

		this.#changed = false;
		const payload = Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength).toString('base64');
		return cursorPosition(rect.x, rect.y)
			+ `\u001B]1337;File=inline=1;size=${jpeg.byteLength};width=${rect.width};height=${rect.height};preserveAspectRatio=0:${payload}\u0007`;
	}

	drawCells(grid: CellGrid, rect: Rect): void {
		if (this.#pixels) {
			imageToCells(this.#pixels, grid, rect);
		}
	}

	erase(): ImageErase {
		return {clear: true};
	}
}
