import type {CellGrid} from './cell-grid.js';
import {cursorPosition} from './cursor-moves.js';
import type {Pixels} from './downsample.js';
import type {ImageErase, ImagePainter} from './image-painter.js';
import {imageToCells, type CellSize} from './image-pixels.js';
import {ImageState} from './image-state.js';
import {SixelEncoder} from './sixel-encode.js';
import type {Rect} from './types.js';

export {SIXEL_LEVELS, sixelColor} from './sixel-palette.js';

/*
Sixel (DEC STD 070), written by camtop's own encoder (sixel-encode.ts).

Palette: a fixed 5×5×5 colour cube (levels 0, 64, 128, 191, 255; 125 registers), not a
palette chosen per frame. A fixed palette costs one table read per channel (an adaptive
quantizer costs tens of ms on a 720p picture), and the same scene gives the same registers
frame after frame, so unchanged cells stay unchanged and only changed cells are sent. Why 5
levels: measured on the benchmark's clips (docs/benchmarks.md), a whole 1280×752 picture
costs 76–80 KB with 125 colours, 234–252 KB with the 6×6×6 cube and 322–344 KB with the
240 xterm colours: every extra colour in a six-pixel band is one more line of sixels, and a
finer palette turns sensor noise into speckle that breaks the run-length encoding. The cost
is visible banding on smooth gradients. Each sequence defines only the registers it uses.

No dithering: error diffusion makes every pixel depend on its neighbours' noise, so a still
scene would change everywhere every frame, and dithered pixels break the run-length
encoding that keeps sixel small.

The introducer asks for background select 1 ("leave pixels that are not set unchanged"), so
the padding of the last six-pixel band never paints below the tile.
*/

// One encoder for every sixel tile: encoding is synchronous, and its work buffers (125 bytes
// per pixel column) are then held once.
const shared = new SixelEncoder();

/** One sixel sequence for RGB pixels, drawn with its top-left at the cursor. */
export function encodeSixel(pixels: Pixels): string {
	return shared.encode(pixels);
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

			out += cursorPosition(rect.x + region.x, rect.y + region.y) + shared.encode(state.pixels!, area.x, area.y, area.width, area.height);
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
