import {Buffer} from 'node:buffer';
import {inflateSync} from 'node:zlib';
import {Decoder} from 'sixel';
import type {CellSize} from '../../source/render/image-pixels.js';

/*
The image side of the terminal model: decodes sixel (with the `sixel` package's decoder),
kitty graphics commands (base64 chunks, zlib) and iTerm2 inline images, keeps every image
sequence it saw, and paints sixel and kitty pictures into a pixel canvas the size of the
screen, so tests compare what a terminal would show with the source pixels.
*/

export type ImageEvent =
	| {kind: 'sixel'; x: number; y: number; width: number; height: number; pixels: Uint8Array}
	| {kind: 'kitty'; x: number; y: number; keys: Record<string, string>; payload: Uint8Array}
	| {kind: 'iterm2'; x: number; y: number; args: Record<string, string>; file: Uint8Array};

type KittyImage = {width: number; height: number; data: Uint8Array; placed?: {x: number; y: number}};

export class ImageModel {
	readonly cell: CellSize;
	readonly events: ImageEvent[] = [];
	readonly kittyImages = new Map<string, KittyImage>();
	canvas: Uint8Array;
	canvasWidth: number;
	canvasHeight: number;
	#kittyKeys: Record<string, string> | undefined;
	#kittyChunks: string[] = [];
	#kittyAt = {x: 0, y: 0};

	constructor(columns: number, rows: number, cell: CellSize) {
		this.cell = cell;
		this.canvasWidth = columns * cell.width;
		this.canvasHeight = rows * cell.height;
		this.canvas = new Uint8Array(this.canvasWidth * this.canvasHeight * 3);
	}

	/** The cells an image sequence starting at (x, y) covers, for the text model. */
	sixel(body: string, x: number, y: number): {columns: number; rows: number} {
		const decoder = new Decoder();
		decoder.init(0, null, 256);
		decoder.decodeString(body.slice(body.indexOf('q') + 1));
		const {width, height} = decoder;
		const pixels = new Uint8Array(width * height * 3);
		const data = decoder.data32;
		for (let index = 0; index < width * height; index++) {
			const color = data[index]!;
			// RGBA8888 in memory order R, G, B, A (little-endian).
			pixels[index * 3] = color & 0xFF;
			pixels[(index * 3) + 1] = (color >> 8) & 0xFF;
			pixels[(index * 3) + 2] = (color >> 16) & 0xFF;
		}

		this.events.push({kind: 'sixel', x, y, width, height, pixels});
		this.#paint(pixels, width, height, x * this.cell.width, y * this.cell.height);
		return {columns: Math.ceil(width / this.cell.width), rows: Math.ceil(height / this.cell.height)};
	}

	/** One APC G command; returns the cells a placement covers (none for frame edits and deletes). */
	kitty(body: string, x: number, y: number): {columns: number; rows: number} {
		const separator = body.indexOf(';');
		const keyText = separator < 0 ? body : body.slice(0, separator);
		const payload = separator < 0 ? '' : body.slice(separator + 1);
		const keys = Object.fromEntries(keyText.split(',').filter(Boolean).map(pair => pair.split('=') as [string, string]));
		if (this.#kittyKeys === undefined) {
			this.#kittyKeys = keys;
			this.#kittyAt = {x, y};
		} else if (keys.m === undefined) {
			throw new Error('kitty continuation chunk without m=');
		}

		this.#kittyChunks.push(payload);
		if (keys.m === '1') {
			return {columns: 0, rows: 0};
		}

		const first = this.#kittyKeys;
		const joined = Buffer.from(this.#kittyChunks.join(''), 'base64');
		this.#kittyKeys = undefined;
		this.#kittyChunks = [];
		const data = first.o === 'z' ? new Uint8Array(inflateSync(joined)) : new Uint8Array(joined);
		this.events.push({kind: 'kitty', x: this.#kittyAt.x, y: this.#kittyAt.y, keys: first, payload: data});
		const id = first.i ?? '';
		switch (first.a ?? '') {
			case 'T': {
				const image: KittyImage = {width: Number(first.s), height: Number(first.v), data, placed: this.#kittyAt};
				if (first.f !== '24' || data.length !== image.width * image.height * 3) {
					throw new Error(`kitty: ${data.length} bytes for ${image.width}x${image.height} f=${first.f}`);
				}

				this.kittyImages.set(id, image);
				this.#paint(image.data, image.width, image.height, this.#kittyAt.x * this.cell.width, this.#kittyAt.y * this.cell.height);
				return {columns: Number(first.c), rows: Number(first.r)};
			}

			case 'f': {
				const image = this.kittyImages.get(id);
				if (!image) {
					throw new Error(`kitty: frame edit of unknown image ${id}`);
				}

				const [fx, fy, fw, fh] = [Number(first.x), Number(first.y), Number(first.s), Number(first.v)];
				for (let row = 0; row < fh; row++) {
					image.data.set(data.subarray(row * fw * 3, (row + 1) * fw * 3), (((fy + row) * image.width) + fx) * 3);
				}

				return {columns: 0, rows: 0};
			}

			case 'a': {
				const image = this.kittyImages.get(id);
				if (image?.placed) {
					this.#paint(image.data, image.width, image.height, image.placed.x * this.cell.width, image.placed.y * this.cell.height);
				}

				return {columns: 0, rows: 0};
			}

			case 'p': {
				// Put again: the image's placement moves to the cursor and shows its current pixels.
				const image = this.kittyImages.get(id);
				if (!image) {
					throw new Error(`kitty: put of unknown image ${id}`);
				}

				image.placed = this.#kittyAt;
				this.#paint(image.data, image.width, image.height, this.#kittyAt.x * this.cell.width, this.#kittyAt.y * this.cell.height);
				return {columns: Number(first.c), rows: Number(first.r)};
			}

			case 'd': {
				this.kittyImages.delete(id);
				return {columns: 0, rows: 0};
			}

			default: {
				throw new Error(`kitty: unexpected action ${first.a}`);
			}
		}
	}

	iterm2(body: string, x: number, y: number): {columns: number; rows: number} {
		const colon = body.indexOf(':');
		const args = Object.fromEntries(body.slice('1337;File='.length, colon).split(';').map(pair => pair.split('=') as [string, string]));
		const file = new Uint8Array(Buffer.from(body.slice(colon + 1), 'base64'));
		if (Number(args.size) !== file.length) {
			throw new Error(`iTerm2: size=${args.size} but ${file.length} bytes`);
		}

		this.events.push({kind: 'iterm2', x, y, args, file});
		return {columns: Number(args.width), rows: Number(args.height)};
	}

	/** RGB of the canvas inside a cell rectangle. */
	region(x: number, y: number, columns: number, rows: number): Uint8Array {
		const width = columns * this.cell.width;
		const height = rows * this.cell.height;
		const out = new Uint8Array(width * height * 3);
		for (let row = 0; row < height; row++) {
			const start = ((((y * this.cell.height) + row) * this.canvasWidth) + (x * this.cell.width)) * 3;
			out.set(this.canvas.subarray(start, start + (width * 3)), row * width * 3);
		}

		return out;
	}

	#paint(pixels: Uint8Array, width: number, height: number, left: number, top: number): void {
		for (let row = 0; row < height && top + row < this.canvasHeight; row++) {
			const columns = Math.min(width, this.canvasWidth - left);
			this.canvas.set(pixels.subarray(row * width * 3, ((row * width) + columns) * 3), (((top + row) * this.canvasWidth) + left) * 3);
		}
	}
}
