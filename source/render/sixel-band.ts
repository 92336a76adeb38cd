import {LITTLE_ENDIAN} from './sixel-index.js';
import {SIXEL_COLORS} from './sixel-palette.js';

const SIXEL_FULL = 63; // all six bits

/**
One six-pixel band of a sixel picture (step 2 of sixel-encode.ts): the band's palette indices,
row by row, and, per colour, its list of runs (first column, length, sixel) to be written.

The band is walked column by column: the colours of a column (one when all six pixels share
it, the common case) get their six-bit sixel there, appended to that colour's list of runs,
or lengthening its last run when that ends at the column before with the same sixel. Four
columns at a time are first compared as 32-bit words, row against row: when all six rows
agree, each of the four columns is one colour. The work is proportional to the pixels plus
the runs, never to colours × width.

Fields are public for the writer's loop (sixel-encode.ts), which only reads them. Buffers are
kept between bands and pictures; they grow to the widest picture seen.
*/
export class SixelBand {
	/** The band's palette indices, row by row, `pitch` apart (the width rounded up to whole words); indexRow writes them. */
	band = new Uint8Array(0);
	bandWords = new Uint32Array(0);
	pitch = 0;
	/** Per run: its first column, its length, its sixel, and the colour's next run (-1: none). */
	runStart = new Int32Array(0);
	runLength = new Int32Array(0);
	runSixel = new Uint8Array(0);
	runNext = new Int32Array(0);
	/** Per colour, its first and last run in the band (-1: not in it). */
	readonly head = new Int32Array(SIXEL_COLORS).fill(-1);
	readonly tail = new Int32Array(SIXEL_COLORS);
	/** The band's colours in order of first appearance, `colorCount` of them. */
	readonly colors = new Uint8Array(SIXEL_COLORS);
	colorCount = 0;
	/** Per colour, its bits in the column being walked (0: not in it). */
	readonly #columnBits = new Uint8Array(SIXEL_COLORS);
	readonly #columnColors = new Uint8Array(6);
	#runCount = 0;

	/** Room for a band `width` pixels wide. */
	prepare(width: number): void {
		this.pitch = (width + 3) & ~3;
		if (this.pitch * 6 > this.band.length) {
			this.band = new Uint8Array(this.pitch * 6);
			this.bandWords = new Uint32Array(this.band.buffer);
			// At most six runs a column (one per pixel of it).
			this.runStart = new Int32Array(this.pitch * 6);
			this.runLength = new Int32Array(this.pitch * 6);
			this.runSixel = new Uint8Array(this.pitch * 6);
			this.runNext = new Int32Array(this.pitch * 6);
		}
	}

	/** The runs per colour of the band's first `rows` rows (`band` already holds their indices), column by column. */
	collect(width: number, rows: number): void {
		// The previous band's colours have no runs in this one.
		for (let index = 0; index < this.colorCount; index++) {
			this.head[this.colors[index]!] = -1;
		}

		this.colorCount = 0;
		this.#runCount = 0;
		let column = 0;
		if (rows === 6 && LITTLE_ENDIAN) {
			const words = this.bandWords;
			const pitch = this.pitch >> 2;
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
		const band = this.band;
		const pitch = this.pitch;
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
		const tail = this.tail[color]!;
		if (this.head[color] === -1) {
			this.head[color] = this.#newRun(column, sixel, count);
			this.tail[color] = this.head[color]!;
			this.colors[this.colorCount++] = color;
		} else if (this.runSixel[tail] === sixel && this.runStart[tail]! + this.runLength[tail]! === column) {
			this.runLength[tail] = this.runLength[tail]! + count;
		} else {
			const run = this.#newRun(column, sixel, count);
			this.runNext[tail] = run;
			this.tail[color] = run;
		}
	}

	#newRun(column: number, sixel: number, count: number): number {
		const run = this.#runCount++;
		this.runStart[run] = column;
		this.runLength[run] = count;
		this.runSixel[run] = sixel;
		this.runNext[run] = -1;
		return run;
	}
}
