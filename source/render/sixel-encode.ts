import {Buffer} from 'node:buffer';
import type {Pixels} from './downsample.js';
import {LITTLE_ENDIAN, SIXEL_LEVELS, indexRow, wordView} from './sixel-index.js';

export {SIXEL_LEVELS} from './sixel-index.js';

/*
camtop's own sixel writer (DEC STD 070, VT330/VT340 sixel graphics), specialised for the
fixed palette of sixel-painter.ts: every pixel maps to one of 125 colours through one table
read (sixel-index.ts), so there is no quantizer, no palette search and no dithering step.

The general-purpose encoder of the `sixel` npm package costs 13–15 ms of a full-motion
1280×752 frame (docs/benchmarks.md). This one, per six-pixel band:
1. turns the band's pixels into palette indices, row by row (sixel-index.ts);
2. walks the band column by column: the colours of a column (one when all six pixels share
   it, the common case) get their six-bit sixel there, appended to that colour's list of
   runs (first column, length, sixel), or lengthening its last run when that ends at the
   column before with the same sixel. Four columns at a time are first compared as 32-bit
   words, row against row: when all six rows agree, each of the four columns is one colour;

3. writes each colour present, in order of first appearance, from its runs, the columns
   between them as blank sixels, `!n` run-length coded.
The work is proportional to the pixels plus the runs, never to colours × width (a noisy
band holds 30–60 of the 125 colours). All buffers are kept between calls and the output is
built in one byte buffer, turned into one string.

Stream layout: `ESC P 0;1;q` (background select 1: pixels whose bit is 0 are left as they
are, so the padding of the last band never paints below the picture), raster attributes
`"1;1;width;height`, the colour definitions `#register;2;r;g;b` (percent) of the colours
used, in order of first use from register 0, then the bands: per colour `#register` and its
sixels, `$` (back to the band's first column) between colours, `-` (next band) between
bands, and `ESC \`.
*/

const COLORS = SIXEL_LEVELS ** 3;
const LEVEL_OF = Uint8Array.from({length: 256}, (_, value) => Math.round((value * (SIXEL_LEVELS - 1)) / 255));
const LEVEL_VALUE = Array.from({length: SIXEL_LEVELS}, (_, level) => Math.round((level * 255) / (SIXEL_LEVELS - 1)));
/** `;2;r;g;b` (RGB in percent) for each colour index. */
const DEFINITION = Array.from({length: COLORS}, (_, color) => {
	const percent = (level: number) => Math.round((LEVEL_VALUE[level]! * 100) / 255);
	return `;2;${percent(Math.floor(color / 25))};${percent(Math.floor(color / 5) % 5)};${percent(color % 5)}`;
});

const INTRODUCER = '\u001BP0;1;q';
const FINALIZER = '\u001B\\';
const SIXEL_ZERO = 63; // '?': a sixel with no bit set
const SIXEL_FULL = 63; // all six bits
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

/** The palette colour index (0–124) of a pixel by definition: red·25 + green·5 + blue levels, each round(value·4/255). */
export function sixelColorIndex(r: number, g: number, b: number): number {
	return (LEVEL_OF[r]! * 25) + (LEVEL_OF[g]! * 5) + LEVEL_OF[b]!;
}

/**
Encodes rectangles of RGB pixels as sixel sequences. One encoder keeps its work buffers
(they grow to the widest picture seen); encoding is synchronous, so one can serve every tile.
*/
export class SixelEncoder {
	/** The band's palette indices, row by row, `#pitch` apart (the width rounded up to whole words). */
	#band = new Uint8Array(0);
	#bandWords = new Uint32Array(0);
	#pitch = 0;
	/** Per run: its first column, its length, its sixel, and the colour's next run (-1: none). */
	#runStart = new Int32Array(0);
	#runLength = new Int32Array(0);
	#runSixel = new Uint8Array(0);
	#runNext = new Int32Array(0);
	/** Per colour, its first and last run in the band (-1: not in it). */
	readonly #head = new Int32Array(COLORS).fill(-1);
	readonly #tail = new Int32Array(COLORS);
	/** Per colour, its bits in the column being walked (0: not in it). */
	readonly #columnBits = new Uint8Array(COLORS);
	readonly #columnColors = new Uint8Array(6);
	/** Per colour, its register in the sequence being written, or -1. */
	readonly #register = new Int16Array(COLORS).fill(-1);
	readonly #bandColors = new Uint8Array(COLORS);
	readonly #used = new Uint8Array(COLORS);
	#bandCount = 0;
	#runCount = 0;
	#out = Buffer.allocUnsafe(64 * 1024);
	#length = 0;

	/** One sixel sequence for the `width`×`height` rectangle at (x, y) of `pixels`, drawn with its top-left at the cursor. */
	encode(pixels: Pixels, x = 0, y = 0, width = pixels.width - x, height = pixels.height - y): string {
		if (width <= 0 || height <= 0) {
			return '';
		}

		this.#prepare(width);
		this.#length = 0;
		const band = this.#band;
		const {data} = pixels;
		const words = wordView(data);
		const stride = pixels.width * 3;
		let registers = 0;
		for (let top = 0; top < height; top += 6) {
			if (top > 0) {
				this.#byte(MINUS);
			}

			const rows = Math.min(6, height - top);
			for (let row = 0; row < rows; row++) {
				indexRow(data, words, ((y + top + row) * stride) + (x * 3), width, band, row * this.#pitch, this.#bandWords);
			}

			this.#collect(width, rows);
			registers = this.#writeBand(registers);
		}

		const register = this.#register;
		let header = `${INTRODUCER}"1;1;${width};${height}`;
		for (let index = 0; index < registers; index++) {
			const color = this.#used[index]!;
			header += `#${index}${DEFINITION[color]!}`;
			register[color] = -1;
		}

		return header + this.#out.toString('latin1', 0, this.#length) + FINALIZER;
	}

	/** Step 2: the band's runs per colour, column by column. */
	#collect(width: number, rows: number): void {
		this.#bandCount = 0;
		this.#runCount = 0;
		let column = 0;
		if (rows === 6 && LITTLE_ENDIAN) {
			const words = this.#bandWords;
			const pitch = this.#pitch >> 2;
			for (; column + 4 <= width; column += 4) {
				const at = column >> 2;
				const first = words[at]!;
				if (words[at + pitch] !== first || words[at + (2 * pitch)] !== first || words[at + (3 * pitch)] !== first
					|| words[at + (4 * pitch)] !== first || words[at + (5 * pitch)] !== first) {
					for (let next = column; next < column + 4; next++) {
						this.#column(next, rows);
					}

					continue;
				}

				// Six equal rows: each column is one colour, byte k of the word (little-endian).
				const color = first & 0xFF;
				if (first === Math.imul(color, 0x01_01_01_01) >>> 0) {
					this.#append(color, column, SIXEL_FULL, 4);
				} else {
					for (let k = 0; k < 4; k++) {
						this.#append((first >>> (8 * k)) & 0xFF, column + k, SIXEL_FULL, 1);
					}
				}
			}
		}

		for (; column < width; column++) {
			this.#column(column, rows);
		}
	}

	/** One column of the band: its colours and their sixels. */
	#column(column: number, rows: number): void {
		const band = this.#band;
		const pitch = this.#pitch;
		const columnBits = this.#columnBits;
		const columnColors = this.#columnColors;
		let colors = 0;
		for (let row = 0, at = column; row < rows; row++, at += pitch) {
			const color = band[at]!;
			const bits = columnBits[color]!;
			if (bits === 0) {
				columnColors[colors++] = color;
			}

			columnBits[color] = bits | (1 << row);
		}

		for (let index = 0; index < colors; index++) {
			const color = columnColors[index]!;
			this.#append(color, column, columnBits[color]!, 1);
			columnBits[color] = 0;
		}
	}

	#append(color: number, column: number, sixel: number, count: number): void {
		const tail = this.#tail[color]!;
		if (this.#head[color] === -1) {
			this.#head[color] = this.#newRun(column, sixel, count);
			this.#tail[color] = this.#head[color]!;
			this.#bandColors[this.#bandCount++] = color;
		} else if (this.#runSixel[tail] === sixel && this.#runStart[tail]! + this.#runLength[tail]! === column) {
			this.#runLength[tail] = this.#runLength[tail]! + count;
		} else {
			const run = this.#newRun(column, sixel, count);
			this.#runNext[tail] = run;
			this.#tail[color] = run;
		}
	}

	#newRun(column: number, sixel: number, count: number): number {
		const run = this.#runCount++;
		this.#runStart[run] = column;
		this.#runLength[run] = count;
		this.#runSixel[run] = sixel;
		this.#runNext[run] = -1;
		return run;
	}

	/** Step 3: each colour of the band from its runs. Returns the registers now defined. */
	#writeBand(registers: number): number {
		const head = this.#head;
		const register = this.#register;
		const runStart = this.#runStart;
		const runLength = this.#runLength;
		const runSixel = this.#runSixel;
		const runNext = this.#runNext;
		for (let index = 0; index < this.#bandCount; index++) {
			const color = this.#bandColors[index]!;
			if (register[color] === -1) {
				this.#used[registers] = color;
				register[color] = registers++;
			}

			// A colour's sixels never take more bytes than its columns up to the end of its last run.
			const last = this.#tail[color]!;
			this.#reserve(runStart[last]! + runLength[last]! + 16);
			if (index > 0) {
				this.#byte(DOLLAR);
			}

			this.#byte(HASH);
			this.#number(register[color]!);
			let next = 0;
			for (let run = head[color]!; run !== -1; run = runNext[run]!) {
				const start = runStart[run]!;
				if (start > next) {
					// Columns without this colour: blank sixels. Two runs of a colour that touch
					// have different sixels, so a blank run is never next to another.
					this.#run(SIXEL_ZERO, start - next);
				}

				this.#run(SIXEL_ZERO + runSixel[run]!, runLength[run]!);
				next = start + runLength[run]!;
			}

			head[color] = -1;
		}

		return registers;
	}

	#prepare(width: number): void {
		this.#pitch = (width + 3) & ~3;
		if (this.#pitch * 6 > this.#band.length) {
			this.#band = new Uint8Array(this.#pitch * 6);
			this.#bandWords = new Uint32Array(this.#band.buffer);
			// At most six runs a column (one per pixel of it).
			this.#runStart = new Int32Array(this.#pitch * 6);
			this.#runLength = new Int32Array(this.#pitch * 6);
			this.#runSixel = new Uint8Array(this.#pitch * 6);
			this.#runNext = new Int32Array(this.#pitch * 6);
		}
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
