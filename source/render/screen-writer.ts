import {penTo} from './ansi-out.js';
import {
	NO_COLOR, chooseBlock, colorsClose, readBlock, type BlockChoice, type BlockPair,
} from './block-cells.js';
import {DEFAULT_COLOR, WIDE_TAIL, type CellGrid} from './cell-grid.js';
import {moveCursor} from './cursor-moves.js';
import type {DirtyRows} from './dirty-rows.js';
import type {Pen} from './sgr.js';

/** Where each composed cell comes from: `CHROME`, a video (1, 2, …), an image tile, or the reserved corner. */
export const CHROME = 0;
export const RESERVED = -1;
export const IMAGE = -2;

/**
A cell that an image covers, in the grid of what the terminal shows. It is not a character
anything could send, so whatever is composed there later differs from it and is sent.
*/
export const IMAGE_MARK = '\u0000';

export type DiffInput = {
	next: CellGrid;
	layer: Int32Array;
	/** 1 where a chrome cell holds the left half of a wide character. */
	lead: Uint8Array;
	/** 1 where video cells must be compared exactly (new, moved, resized or uncovered tiles). */
	exact: Uint8Array;
	tolerance: number;
};

/**
Turns the difference between the composed screen and what the terminal shows into the
fewest bytes it can: the cheapest cursor move, only the SGR parameters that change, video
cells compared by the colours they show (within the tolerance), chrome cells exactly.
It owns the model of the terminal: the shown grid, the pen and the cursor.
*/
export class ScreenWriter {
	readonly shown: CellGrid;
	readonly pen: Pen = {fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0};
	cursorX = -1;
	cursorY = -1;
	cells = 0;
	readonly #choice: BlockChoice = {char: ' ', fg: DEFAULT_COLOR, bg: DEFAULT_COLOR};
	readonly #wanted: BlockPair = {top: DEFAULT_COLOR, bottom: DEFAULT_COLOR};
	readonly #showing: BlockPair = {top: DEFAULT_COLOR, bottom: DEFAULT_COLOR};
	/** The composed grid of the running `diff`. */
	#next: CellGrid;

	constructor(shown: CellGrid) {
		this.shown = shown;
		this.#next = shown;
	}

	/** The terminal was cleared (`CSI 0m CSI 2J`): blank screen, default pen, cursor unknown. */
	cleared(): void {
		this.shown.clear();
		this.pen.fg = DEFAULT_COLOR;
		this.pen.bg = DEFAULT_COLOR;
		this.pen.attrs = 0;
		this.cursorX = -1;
	}

	/** Something moved the cursor in a way the writer cannot follow (an image). */
	lostCursor(): void {
		this.cursorX = -1;
	}

	/**
	The bytes that make the terminal show `input.next`. With `dirty`, only its cells are
	compared: the caller knows every other cell is unchanged since the last diff (which
	left the terminal showing it, within the tolerance).
	*/
	diff(input: DiffInput, dirty?: DirtyRows): string {
		const {next} = input;
		this.#next = next;
		const last = next.chars.length - 1;
		if (dirty === undefined || dirty.rows !== next.height) {
			return this.#diffRange(input, 0, last);
		}

		const {width} = next;
		// Plain `+=` (V8 ropes, flattened once by the write): measured with bench/compositor.ts
		// against array push + join, equal for deltas and ~20% faster for full repaints.
		let out = '';
		for (let y = 0; y < next.height; y++) {
			const x0 = dirty.start[y]!;
			const x1 = Math.min(width, dirty.end[y]!);
			if (x0 < x1) {
				out += this.#diffRange(input, (y * width) + x0, Math.min(last, (y * width) + x1));
			}
		}

		return out;
	}

	/** The cells from index `from` to `to` (exclusive); `to` at most the reserved last cell. */
	#diffRange(input: DiffInput, from: number, to: number): string {
		const {next, layer, lead, exact, tolerance} = input;
		const {shown, pen} = this;
		const width = next.width;
		let out = '';
		for (let index = from; index < to; index++) {
			const cellLayer = layer[index]!;
			if (cellLayer === IMAGE) {
				shown.chars[index] = IMAGE_MARK;
				shown.fg[index] = DEFAULT_COLOR;
				shown.bg[index] = DEFAULT_COLOR;
				shown.attrs[index] = 0;
				continue;
			}

			if (cellLayer > 0 && readBlock(next, index, this.#wanted)) {
				out += this.#blockCell(index, width, exact[index] === 1 ? 0 : tolerance);
				continue;
			}

			const isLead = lead[index] === 1;
			if (shown.sameCell(index, next, index) && (!isLead || shown.sameCell(index + 1, next, index + 1))) {
				continue;
			}

			const char = next.chars[index]!;
			this.#copy(index);
			if (char === WIDE_TAIL) {
				// Drawn by the wide character on its left, which was sent when it changed.
				continue;
			}

			const x = index % width;
			const y = (index - x) / width;
			out += moveCursor(this.cursorX, this.cursorY, x, y);
			out += penTo(pen, next.fg[index]!, next.bg[index]!, next.attrs[index]!) + char;
			this.cells++;
			if (isLead) {
				this.#copy(index + 1);
				// Terminals disagree on some widths: re-position explicitly after a wide character.
				this.#advance(-1, y);
			} else {
				this.#advance(x + 1 >= width ? -1 : x + 1, y);
			}
		}

		return out;
	}

	#blockCell(index: number, width: number, tolerance: number): string {
		const {shown, pen} = this;
		// The colours of next's cell: read by the caller's readBlock.
		const {top, bottom} = this.#wanted;
		const showing = this.#showing;
		if (readBlock(shown, index, showing)
			&& colorsClose(showing.top, top, tolerance)
			&& colorsClose(showing.bottom, bottom, tolerance)) {
			return '';
		}

		const usable = pen.attrs === 0;
		const choice = this.#choice;
		chooseBlock(top, bottom, usable ? pen.fg : NO_COLOR, usable ? pen.bg : NO_COLOR, tolerance, choice);
		const fg = choice.fg === NO_COLOR ? DEFAULT_COLOR : choice.fg;
		const bg = choice.bg === NO_COLOR ? DEFAULT_COLOR : choice.bg;
		const x = index % width;
		const y = (index - x) / width;
		const out = moveCursor(this.cursorX, this.cursorY, x, y) + penTo(pen, fg, bg, 0) + choice.char;
		shown.chars[index] = choice.char;
		shown.fg[index] = pen.fg;
		shown.bg[index] = pen.bg;
		shown.attrs[index] = 0;
		this.cells++;
		this.#advance(x + 1 >= width ? -1 : x + 1, y);
		return out;
	}

	#copy(index: number): void {
		const {shown} = this;
		const next = this.#next;
		shown.chars[index] = next.chars[index]!;
		shown.fg[index] = next.fg[index]!;
		shown.bg[index] = next.bg[index]!;
		shown.attrs[index] = next.attrs[index]!;
	}

	#advance(x: number, y: number): void {
		// After the last column the terminal is in the pending-wrap state: position unknown.
		this.cursorX = x;
		this.cursorY = y;
	}
}
