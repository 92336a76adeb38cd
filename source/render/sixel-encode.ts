import {Buffer} from 'node:buffer';
import type {Pixels} from './downsample.js';

/*
camtop's own sixel writer (DEC STD 070, VT330/VT340 sixel graphics), specialised for the
fixed palette of sixel-painter.ts: every pixel maps to one of 125 colours through three
table reads, so there is no quantizer, no palette search and no dithering step.

The general-purpose encoder of the `sixel` npm package cost 13–15 ms of a full-motion
1280×752 frame (docs/benchmarks.md); this one walks each six-pixel band once, setting one
bit per pixel in a per-colour row of sixels, then writes only the colours present in the
band, each from its first to its last column, run-length coded. All buffers are kept
between calls and the output is built in one byte buffer, turned into one string.

Stream layout: `ESC P 0;1;q` (background select 1: pixels whose bit is 0 are left as they
are, so the padding of the last band never paints below the picture), raster attributes
`"1;1;width;height`, the colour definitions `#register;2;r;g;b` (percent) of the colours
used, in order of first use from register 0, then the bands: per colour `#register` and its
sixels, `$` (back to the band's first column) between colours, `-` (next band) between
bands, and `ESC \`.
*/

export const SIXEL_LEVELS = 5;
const COLORS = SIXEL_LEVELS ** 3;
const LEVEL_OF = Uint8Array.from({length: 256}, (_, value) => Math.round((value * (SIXEL_LEVELS - 1)) / 255));
const LEVEL_VALUE = Array.from({length: SIXEL_LEVELS}, (_, level) => Math.round((level * 255) / (SIXEL_LEVELS - 1)));
// Colour index = r·25 + g·5 + b: one table per channel with the weight built in.
const RED = Uint8Array.from(LEVEL_OF, level => level * SIXEL_LEVELS * SIXEL_LEVELS);
const GREEN = Uint8Array.from(LEVEL_OF, level => level * SIXEL_LEVELS);
const BLUE = LEVEL_OF;
/** `;2;r;g;b` (RGB in percent) for each colour index. */
const DEFINITION = Array.from({length: COLORS}, (_, color) => {
	const percent = (level: number) => Math.round((LEVEL_VALUE[level]! * 100) / 255);
	return `;2;${percent(Math.floor(color / 25))};${percent(Math.floor(color / 5) % 5)};${percent(color % 5)}`;
});

const INTRODUCER = '\u001BP0;1;q';
const FINALIZER = '\u001B\\';
const SIXEL_ZERO = 63; // '?': a sixel with no bit set
const REPEAT = 33; // '!'
const HASH = 35; // '#'
const DOLLAR = 36; // '$': graphics carriage return
const MINUS = 45; // '-': graphics new line
/** Longer runs than this are written `!count` + sixel (`!4x` is shorter than `xxxx`). */
const RUN_THRESHOLD = 3;

/** The palette colour a pixel is drawn with. */
export function sixelColor(r: number, g: number, b: number): [number, number, number] {
	return [LEVEL_VALUE[LEVEL_OF[r]!]!, LEVEL_VALUE[LEVEL_OF[g]!]!, LEVEL_VALUE[LEVEL_OF[b]!]!];
}

/** The palette colour index (0–124) of a pixel: red·25 + green·5 + blue levels. */
export function sixelColorIndex(r: number, g: number, b: number): number {
	return RED[r]! + GREEN[g]! + BLUE[b]!;
}

/**
Encodes rectangles of RGB pixels as sixel sequences. One encoder keeps its work buffers
(they grow to the widest picture seen), so it is meant to be owned by one painter.
*/
export class SixelEncoder {
	/** Per colour, one byte per column: the band's six bits for that colour. */
	#bits = new Uint8Array(0);
	#width = 0;
	/** Per colour, the first and last column it occurs in within the band (-1: not in it). */
	readonly #first = new Int32Array(COLORS);
	readonly #last = new Int32Array(COLORS).fill(-1);
	/** Per colour, its register in the sequence being written, or -1. */
	readonly #register = new Int16Array(COLORS).fill(-1);
	readonly #bandColors = new Uint8Array(COLORS);
	readonly #used = new Uint8Array(COLORS);
	#out = Buffer.allocUnsafe(64 * 1024);
	#length = 0;

	/** One sixel sequence for the `width`×`height` rectangle at (x, y) of `pixels`, drawn with its top-left at the cursor. */
	encode(pixels: Pixels, x = 0, y = 0, width = pixels.width - x, height = pixels.height - y): string {
		if (width <= 0 || height <= 0) {
			return '';
		}

		this.#prepare(width);
		this.#length = 0;
		let registers = 0;
		const first = this.#first;
		const last = this.#last;
		const register = this.#register;
		const bandColors = this.#bandColors;
		const bits = this.#bits;
		const data = pixels.data;
		const stride = pixels.width * 3;
		for (let top = 0; top < height; top += 6) {
			if (top > 0) {
				this.#byte(MINUS);
			}

			// Pass 1: one bit per pixel in its colour's row; note the colours and their extents.
			// Column by column (the six pixels of a sixel together), so a colour's last column
			// is simply the current one and its first is set when it first turns up.
			let count = 0;
			const rows = Math.min(6, height - top);
			const base = ((y + top) * stride) + (x * 3);
			for (let column = 0, q = base; column < width; column++, q += 3) {
				for (let row = 0, p = q; row < rows; row++, p += stride) {
					const color = RED[data[p]!]! + GREEN[data[p + 1]!]! + BLUE[data[p + 2]!]!;
					const at = (color * width) + column;
					bits[at] = bits[at]! | (1 << row);
					if (last[color] === -1) {
						bandColors[count++] = color;
						first[color] = column;
					}

					last[color] = column;
				}
			}

			// Pass 2: each colour present, from its first to its last column; then its row is cleared.
			for (let index = 0; index < count; index++) {
				const color = bandColors[index]!;
				const start = first[color]!;
				const end = last[color]!;
				last[color] = -1;
				if (register[color] === -1) {
					this.#used[registers] = color;
					register[color] = registers++;
				}

				this.#reserve(end + 16);
				if (index > 0) {
					this.#byte(DOLLAR);
				}

				this.#byte(HASH);
				this.#number(register[color]!);
				if (start > 0) {
					this.#run(SIXEL_ZERO, start);
				}

				const row = color * width;
				let value = bits[row + start]!;
				let run = 1;
				for (let column = start + 1; column <= end; column++) {
					const next = bits[row + column]!;
					if (next === value) {
						run++;
						continue;
					}

					this.#run(SIXEL_ZERO + value, run);
					value = next;
					run = 1;
				}

				bits.fill(0, row + start, row + end + 1);
				this.#run(SIXEL_ZERO + value, run);
			}
		}

		let header = `${INTRODUCER}"1;1;${width};${height}`;
		for (let index = 0; index < registers; index++) {
			const color = this.#used[index]!;
			header += `#${index}${DEFINITION[color]!}`;
			register[color] = -1;
		}

		return header + this.#out.toString('latin1', 0, this.#length) + FINALIZER;
	}

	#prepare(width: number): void {
		if (width > this.#width) {
			this.#bits = new Uint8Array(COLORS * width);
			this.#width = width;
		}

		// Rows are laid out `width` apart; a narrower picture reuses the start of the buffer,
		// which pass 2 always leaves zeroed.
	}

	#reserve(extra: number): void {
		if (this.#length + extra > this.#out.length) {
			const bigger = Buffer.allocUnsafe(Math.max(this.#out.length * 2, this.#length + extra));
			this.#out.copy(bigger, 0, 0, this.#length);
			this.#out = bigger;
		}
	}

	#byte(value: number): void {
		this.#reserve(1);
		this.#out[this.#length++] = value;
	}

	#number(value: number): void {
		if (value >= 10) {
			this.#number(Math.floor(value / 10));
		}

		this.#out[this.#length++] = 48 + (value % 10);
	}

	/** Room for it was reserved with the colour (a run never takes more bytes than its pixels). */
	#run(sixel: number, count: number): void {
		const out = this.#out;
		if (count > RUN_THRESHOLD) {
			out[this.#length++] = REPEAT;
			this.#number(count);
			out[this.#length++] = sixel;
			return;
		}

		for (let index = 0; index < count; index++) {
			out[this.#length++] = sixel;
		}
	}
}
