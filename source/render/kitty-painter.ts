import {Buffer} from 'node:buffer';
import {deflateSync} from 'node:zlib';
import type {CellGrid} from './cell-grid.js';
import {cursorPosition} from './cursor-moves.js';
import type {Pixels} from './downsample.js';
import type {ImageErase, ImagePainter} from './image-painter.js';
import {cropPixels, imageToCells, type CellSize} from './image-pixels.js';
import {ImageState} from './image-state.js';
import type {Rect} from './types.js';

/*
The kitty graphics protocol (sw.kovidgoyal.net/kitty/graphics-protocol):

- place: `a=T` transmits 24-bit RGB (`f=24`) under the tile's image id and shows it at the
  cursor, scaled to the tile (`c`, `r` in cells), without moving the cursor (`C=1`);
- replace in place: `a=f,r=1` edits the image's root frame in place with only the changed
  rectangle (`x`, `y`, `s`, `v` in pixels), no new image; then `a=p` puts the tile's one
  placement (`p=1`) again at the same cells, which replaces it. Without that put, kitty 0.26
  does not redraw after an edit sent in several chunks (seen in a real kitty:
  test/render/kitty-terminal.test.ts); `a=a,c=1` alone did not help;
- remove: `a=d,d=I` deletes the image's placements and frees its data (layout change, help
  overlay over the tile, mode change, quit).

Every command carries `q=2` so the terminal sends no replies: stdin belongs to Ink, and a
reply would arrive there as keys. Payloads are base64 in chunks of 4096 bytes (`m=1` on all
but the last). Pixels are zlib-compressed (`o=z`) when that saves at least a tenth.
*/

const APC = '\u001B_G';
const ST = '\u001B\\';
/**
kitty scales an image to the cells it is placed on (`c`, `r`), so tiles are sent at half the
cell's pixel size in each direction: a quarter of the bytes, and the terminal's smooth
scaling hides it at camera-tile sizes. (Raw RGB does not shrink like a JPEG: a noisy
1280×752 picture is 1.4 MB even deflated.)
*/
export const KITTY_PIXEL_SCALE = 0.5;

/** Pixels per cell that kitty tiles are sent at. */
export function kittyCell(cell: CellSize): CellSize {
	return {width: Math.max(1, Math.round(cell.width * KITTY_PIXEL_SCALE)), height: Math.max(1, Math.round(cell.height * KITTY_PIXEL_SCALE))};
}

/** The tile's one placement of its image: putting it again replaces it, never stacks a second one. */
const PLACEMENT = 1;

/** The protocol's largest payload per escape sequence. */
export const KITTY_CHUNK = 4096;

// Image ids are per terminal, shared with anything else drawing there: start somewhere
// unlikely to collide, and never use 0 (it means "no id").
let nextId = 0x43_54_00 + Math.floor(Math.random() * 0x1_00_00);

/** The base64 payload in chunks, the first carrying `keys`. */
export function kittyCommand(keys: string, payload: Uint8Array): string {
	const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('base64');
	if (text.length <= KITTY_CHUNK) {
		return APC + keys + ';' + text + ST;
	}

	let out = '';
	for (let start = 0; start < text.length; start += KITTY_CHUNK) {
		const more = start + KITTY_CHUNK < text.length ? 1 : 0;
		out += APC + (start === 0 ? keys + ',' : '') + 'm=' + String(more) + ';' + text.slice(start, start + KITTY_CHUNK) + ST;
	}

	return out;
}

/** RGB bytes, zlib-compressed when it pays, with the key that says so. */
function packPixels(pixels: Pixels): {payload: Uint8Array; compression: string} {
	const packed = deflateSync(pixels.data, {level: 1});
	return packed.length * 10 < pixels.data.length * 9 ? {payload: packed, compression: ',o=z'} : {payload: pixels.data, compression: ''};
}

export class KittyPainter implements ImagePainter {
	readonly protocol = 'kitty';
	readonly id: number;
	readonly #state: ImageState;
	#transmitted = false;

	constructor(cell: CellSize) {
		this.#state = new ImageState(cell);
		this.id = nextId++;
	}

	update(pixels: Pixels): void {
		this.#state.update(pixels);
	}

	paint(rect: Rect, full: boolean): string {
		const state = this.#state;
		const pixels = state.pixels;
		if (!pixels) {
			return '';
		}

		const regions = state.regions(full || !this.#transmitted);
		if (regions.length === 0) {
			return '';
		}

		let out = '';
		if (full || !this.#transmitted) {
			const {payload, compression} = packPixels(pixels);
			out = cursorPosition(rect.x, rect.y) + kittyCommand(`a=T,f=24,s=${pixels.width},v=${pixels.height},i=${this.id},p=${PLACEMENT},c=${rect.width},r=${rect.height},C=1,q=2${compression}`, payload);
			this.#transmitted = true;
		} else {
			for (const region of regions) {
				const area = state.pixelRect(region);
				const {payload, compression} = packPixels(cropPixels(pixels, area.x, area.y, area.width, area.height));
				out += kittyCommand(`a=f,r=1,i=${this.id},f=24,x=${area.x},y=${area.y},s=${area.width},v=${area.height},q=2${compression}`, payload);
			}

			// Show the edited root frame now, and put the placement again so the terminal redraws it.
			out += `${APC}a=a,c=1,i=${this.id},q=2${ST}`
				+ cursorPosition(rect.x, rect.y) + `${APC}a=p,i=${this.id},p=${PLACEMENT},c=${rect.width},r=${rect.height},C=1,q=2${ST}`;
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
		this.#transmitted = false;
		return {clear: false, sequence: `${APC}a=d,d=I,i=${this.id},q=2${ST}`};
	}
}
