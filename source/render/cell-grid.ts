import type {Rect} from './types.js';

/**
A colour packed into one int, so a cell is three typed-array slots and no objects:
`-1` is the terminal's default colour, `0..255` a palette index (0–7 and 8–15 are the
16 basic colours, sent as SGR 30–37/90–97), and `TRUECOLOR | r<<16 | g<<8 | b` a 24-bit colour.
*/
export type Color = number;

export const DEFAULT_COLOR: Color = -1;
export const TRUECOLOR = 0x1_00_00_00;

export function rgb(r: number, g: number, b: number): Color {
	return TRUECOLOR | ((r & 0xFF) << 16) | ((g & 0xFF) << 8) | (b & 0xFF);
}

export function isRgb(color: Color): boolean {
	return (color & TRUECOLOR) !== 0 && color > 0;
}

// Cell attribute bits (SGR 1, 2, 3, 4, 7, 9).
export const BOLD = 1;
export const DIM = 2;
export const ITALIC = 4;
export const UNDERLINE = 8;
export const INVERSE = 16;
export const STRIKE = 32;

/** The right half of a wide character: the cell is covered by the character on its left. */
export const WIDE_TAIL = '';
export const BLANK = ' ';

/**
A screen-sized (or tile-sized) grid of terminal cells, row-major: cell (x, y) is index
`y * width + x`. `chars` holds one grapheme per cell and only ever printable text
(parsers and encoders guarantee it), so a grid can be written to a terminal as is.
*/
export class CellGrid {
	width: number;
	height: number;
	chars: string[];
	fg: Int32Array;
	bg: Int32Array;
	attrs: Uint8Array;

	constructor(width: number, height: number) {
		this.width = Math.max(0, Math.floor(width));
		this.height = Math.max(0, Math.floor(height));
		const size = this.width * this.height;
		this.chars = Array.from({length: size}, () => BLANK);
		this.fg = new Int32Array(size).fill(DEFAULT_COLOR);
		this.bg = new Int32Array(size).fill(DEFAULT_COLOR);
		this.attrs = new Uint8Array(size);
	}

	/** Every cell back to a blank in default colours. */
	clear(): void {
		this.chars.fill(BLANK);
		this.fg.fill(DEFAULT_COLOR);
		this.bg.fill(DEFAULT_COLOR);
		this.attrs.fill(0);
	}

	/** Blank the cells of a rectangle (clipped to the grid). */
	clearRect(rect: Rect): void {
		const x0 = Math.max(0, rect.x);
		const x1 = Math.min(this.width, rect.x + rect.width);
		if (x1 <= x0) {
			return;
		}

		const y1 = Math.min(this.height, rect.y + rect.height);
		for (let y = Math.max(0, rect.y); y < y1; y++) {
			const start = (y * this.width) + x0;
			const end = (y * this.width) + x1;
			this.chars.fill(BLANK, start, end);
			this.fg.fill(DEFAULT_COLOR, start, end);
			this.bg.fill(DEFAULT_COLOR, start, end);
			this.attrs.fill(0, start, end);
		}
	}

	/** Change the size; the content is cleared (callers repaint after a resize anyway). */
	resize(width: number, height: number): void {
		width = Math.max(0, Math.floor(width));
		height = Math.max(0, Math.floor(height));
		if (width === this.width && height === this.height) {
			this.clear();
			return;
		}

		this.width = width;
		this.height = height;
		const size = width * height;
		this.chars = Array.from({length: size}, () => BLANK);
		this.fg = new Int32Array(size).fill(DEFAULT_COLOR);
		this.bg = new Int32Array(size).fill(DEFAULT_COLOR);
		this.attrs = new Uint8Array(size);
	}

	/** Set one cell; coordinates outside the grid are ignored, so callers may clip lazily. */
	set(x: number, y: number, char: string, fg: Color = DEFAULT_COLOR, bg: Color = DEFAULT_COLOR, attrs = 0): void {
		if (x < 0 || y < 0 || x >= this.width || y >= this.height) {
			return;
		}

		const index = (y * this.width) + x;
		this.chars[index] = char;
		this.fg[index] = fg;
		this.bg[index] = bg;
		this.attrs[index] = attrs;
	}

	/** The grapheme at (x, y), or undefined outside the grid. */
	charAt(x: number, y: number): string | undefined {
		if (x < 0 || y < 0 || x >= this.width || y >= this.height) {
			return undefined;
		}

		return this.chars[(y * this.width) + x];
	}

	/** Copy another grid's content; sizes must match. */
	copyFrom(other: CellGrid): void {
		if (other.width !== this.width || other.height !== this.height) {
			throw new RangeError(`copyFrom: ${other.width}x${other.height} into ${this.width}x${this.height}`);
		}

		for (let index = 0; index < other.chars.length; index++) {
			this.chars[index] = other.chars[index]!;
		}

		this.fg.set(other.fg);
		this.bg.set(other.bg);
		this.attrs.set(other.attrs);
	}

	/** Whether cell `index` of this grid equals cell `otherIndex` of `other`. */
	sameCell(index: number, other: CellGrid, otherIndex: number): boolean {
		return this.chars[index] === other.chars[otherIndex]
			&& this.fg[index] === other.fg[otherIndex]
			&& this.bg[index] === other.bg[otherIndex]
			&& this.attrs[index] === other.attrs[otherIndex];
	}

	/** The text of one row (wide tails skipped), for tests and debugging. */
	rowText(y: number): string {
		const start = y * this.width;
		return this.chars.slice(start, start + this.width).join('');
	}
}
