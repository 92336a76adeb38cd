import {Buffer} from 'node:buffer';
import type {Pixels} from './downsample.js';
import {SixelBand} from './sixel-band.js';
import {indexRow, wordView} from './sixel-index.js';
import {SIXEL_COLORS, SIXEL_DEFINITION} from './sixel-palette.js';

/*
camtop's own sixel writer (DEC STD 070, VT330/VT340 sixel graphics), specialised for the
fixed palette of sixel-painter.ts (sixel-palette.ts): every pixel maps to one of 125 colours
through one table read (sixel-index.ts), so there is no quantizer, no palette search and no
dithering step.

The general-purpose encoder of the `sixel` npm package costs 13–15 ms of a full-motion
1280×752 frame (docs/benchmarks.md). This one, per six-pixel band:
1. turns the band's pixels into palette indices, row by row (sixel-index.ts);
2. collects each colour's runs of sixels, column by column (sixel-band.ts);
3. writes each colour present, in order of first appearance, from its runs, the columns
   between them as blank sixels, `!n` run-length coded (here).
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

const INTRODUCER = '\u001BP0;1;q';
const FINALIZER = '\u001B\\';
const SIXEL_ZERO = 63; // '?': a sixel with no bit set
const REPEAT = 33; // '!'
const HASH = 35; // '#'
const DOLLAR = 36; // '$': graphics carriage return
const MINUS = 45; // '-': graphics new line
/** Longer runs than this are written `!count` + sixel (`!4x` is shorter than `xxxx`). */
const RUN_THRESHOLD = 3;

/**
Encodes rectangles of RGB pixels as sixel sequences. One encoder keeps its work buffers
(they grow to the widest picture seen); encoding is synchronous, so one can serve every tile.
*/
export class SixelEncoder {
	readonly #band = new SixelBand();
	/** Per colour, its register in the sequence being written, or -1. */
	readonly #register = new Int16Array(SIXEL_COLORS).fill(-1);
	/** The colour of each register defined so far. */
	readonly #used = new Uint8Array(SIXEL_COLORS);
	#out = Buffer.allocUnsafe(64 * 1024);
	#length = 0;

	/** One sixel sequence for the `width`×`height` rectangle at (x, y) of `pixels`, drawn with its top-left at the cursor. */
	encode(pixels: Pixels, x = 0, y = 0, width = pixels.width - x, height = pixels.height - y): string {
		if (width <= 0 || height <= 0) {
			return '';
		}

		const band = this.#band;
		band.prepare(width);
		this.#length = 0;
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
				indexRow(data, words, ((y + top + row) * stride) + (x * 3), width, band.band, row * band.pitch, band.bandWords);
			}

			band.collect(width, rows);
			registers = this.#writeBand(registers);
		}

		const register = this.#register;
		let header = `${INTRODUCER}"1;1;${width};${height}`;
		for (let index = 0; index < registers; index++) {
			const color = this.#used[index]!;
			header += `#${index}${SIXEL_DEFINITION[color]!}`;
			register[color] = -1;
		}

		return header + this.#out.toString('latin1', 0, this.#length) + FINALIZER;
	}

	/** Step 3: each colour of the band from its runs. Returns the registers now defined. */
	#writeBand(registers: number): number {
		const {head, tail, colors, runStart, runLength, runSixel, runNext} = this.#band;
		const register = this.#register;
		for (let index = 0; index < this.#band.colorCount; index++) {
			const color = colors[index]!;
			if (register[color] === -1) {
				this.#used[registers] = color;
				register[color] = registers++;
			}

			// A colour's sixels never take more bytes than its columns up to the end of its last run.
			const last = tail[color]!;
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
		}

		return registers;
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
