import {FINALIZER, introducer} from 'sixel';
import {sixelEncodeIndexed} from 'sixel/lib/SixelEncoder.js';
import type {CellGrid} from './cell-grid.js';
import {cursorPosition} from './cursor-moves.js';
import type {Pixels} from './downsample.js';
import type {ImageErase, ImagePainter} from './image-painter.js';
import {cropPixels, imageToCells, type CellSize} from './image-pixels.js';
import {ImageState} from './image-state.js';
import {XTERM_RGB, nearest256Table, tableIndex} from './palette.js';
import type {Rect} from './types.js';

/*
Sixel (DEC STD 070; the npm `sixel` package writes the bands).

Palette: the fixed xterm 6×6×6 cube plus its 24 greys (240 colours, the 256-colour mode's
own table), not a palette chosen per frame. A fixed palette costs one table read per pixel
(an adaptive quantizer costs tens of ms on a 720p picture), and the same scene gives the
same indices frame after frame, so unchanged parts stay unchanged and only the changed cells
are sent. Each sequence defines only the registers it uses.

No dithering: error diffusion makes every pixel depend on its neighbours' noise, so a still
scene would change everywhere every frame, and dithered pixels break the run-length
encoding that keeps sixel small. The cost is visible banding on smooth gradients.

The introducer asks for background select 1 ("leave pixels that are not set unchanged"), so
the padding of the last six-pixel band never paints below the tile.
*/

/** One sixel sequence for RGB pixels, drawn with its top-left at the cursor. */
export function encodeSixel(pixels: Pixels): string {
	const table = nearest256Table();
	const {data, width, height} = pixels;
	const count = width * height;
	const indices = new Uint16Array(count);
	const slot = new Int16Array(256).fill(-1);
	const palette: Array<[number, number, number]> = [];
	for (let index = 0, p = 0; index < count; index++, p += 3) {
		const color = table[tableIndex(data[p]!, data[p + 1]!, data[p + 2]!)]!;
		let register = slot[color]!;
		if (register < 0) {
			register = palette.length;
			slot[color] = register;
			const [r, g, b] = XTERM_RGB[color]!;
			palette.push([r, g, b]);
		}

		indices[index] = register;
	}

	return introducer(1) + sixelEncodeIndexed(indices, width, height, palette) + FINALIZER;
}

export class SixelPainter implements ImagePainter {
	readonly protocol = 'sixel';
	readonly #state: ImageState;

	constructor(cell: CellSize) {
		this.#state = new ImageState(cell);
	}

	update(pixels: Pixels): void {
		this.#state.update(pixels);
	}

	paint(rect: Rect, full: boolean): string {
		const state = this.#state;
		const regions = state.regions(full);
		let out = '';
		for (const region of regions) {
			const area = state.pixelRect(region);
			if (area.width <= 0 || area.height <= 0) {
				continue;
			}

			out += cursorPosition(rect.x + region.x, rect.y + region.y) + encodeSixel(cropPixels(state.pixels!, area.x, area.y, area.width, area.height));
		}

		state.commit(regions);
		return out;
	}

	drawCells(grid: CellGrid, rect: Rect): void {
		if (this.#state.pixels) {
			imageToCells(this.#state.pixels, grid, rect);
		}
	}

	erase(): ImageErase {
		this.#state.forget();
		return {clear: true};
	}
}
