import stringWidth from 'string-width';
import {CellGrid} from '../../source/render/cell-grid.js';
import type {CellSize} from '../../source/render/image-pixels.js';
import {IMAGE_MARK} from '../../source/render/screen-writer.js';
import {readControlString} from './control-string.js';
import {cursorTarget, isMoveFinal, type MoveFinal} from './cursor-target.js';
import {ImageModel} from './image-model.js';
import {applySgr} from './sgr-model.js';

// Reading grids back moved to grid-read.ts; kept here for the tests that import them from this file.
export {decodeHalfBlocks, gridDifference, pictureRow} from './grid-read.js';

/*
A strict model of a terminal screen: applies the escape-sequence stream the compositor sends
(CUP, CUF, SGR including 256 and truecolor, ED 2, DEC modes 2026/1049/25, printable text) to
a CellGrid, and throws on anything else, so a stray byte or an unexpected sequence fails a
test. Text follows xterm's rules for overwriting half of a wide character; the other half
becomes ERASED (colour -2, never a real colour) so a compositor that forgets to repaint it
fails the comparison. Autowrap and printing the bottom-right cell throw: the compositor must
never rely on them. SGR is applied by sgr-model.ts; images (control strings, control-string.ts)
are decoded by image-model.ts.
*/

export const ERASED_COLOR = -2;

const segmenter = new Intl.Segmenter();

export class ScreenModel {
	grid: CellGrid;
	cursorX = 0;
	cursorY = 0;
	pendingWrap = false;
	fg = -1;
	bg = -1;
	attrs = 0;
	synchronized = false;
	alternateScreen = false;
	cursorVisible = true;
	/** When set, printing or moving outside a `?2026h … ?2026l` bracket throws. */
	requireSync: boolean;

	/** Images drawn so far (only when the model was made with a cell size). */
	images: ImageModel | undefined;

	constructor(width: number, height: number, options: {requireSync?: boolean; cellSize?: CellSize} = {}) {
		this.grid = new CellGrid(width, height);
		this.requireSync = options.requireSync ?? true;
		this.images = options.cellSize ? new ImageModel(width, height, options.cellSize) : undefined;
		this.fillJunk();
	}

	/** The window changed size: contents are undefined until repainted (filled with junk). */
	resize(width: number, height: number): void {
		this.grid.resize(width, height);
		this.fillJunk();
		this.cursorX = Math.min(this.cursorX, Math.max(0, width - 1));
		this.cursorY = Math.min(this.cursorY, Math.max(0, height - 1));
	}

	apply(stream: string): void {
		let index = 0;
		while (index < stream.length) {
			const code = stream.charCodeAt(index);
			if (code === 0x1B) {
				index = this.#escape(stream, index);
				continue;
			}

			// A NUL right after `?2026h` is the compositor's filler for kitty (ansi-out.ts, SYNC_BEGIN); anywhere else it is a stray byte.
			if (code === 0 && stream.endsWith('\u001B[?2026h', index)) {
				index++;
				continue;
			}

			if (code < 0x20 || (code >= 0x7F && code <= 0x9F)) {
				throw new Error(`control character 0x${code.toString(16)} at ${index}`);
			}

			let end = index;
			while (end < stream.length) {
				const next = stream.charCodeAt(end);
				if (next < 0x20 || (next >= 0x7F && next <= 0x9F)) {
					break;
				}

				end++;
			}

			for (const {segment} of segmenter.segment(stream.slice(index, end))) {
				this.#print(segment);
			}

			index = end;
		}
	}

	#escape(stream: string, index: number): number {
		const introducer = stream[index + 1];
		if (introducer === 'P' || introducer === '_' || introducer === ']') {
			return this.#controlString(stream, index, introducer);
		}

		if (introducer !== '[') {
			throw new Error(`unsupported escape ${JSON.stringify(stream.slice(index, index + 4))}`);
		}

		const match = /^\[([?]?)([\d;]*)([A-Za-z])/.exec(stream.slice(index + 1, index + 64));
		if (!match) {
			throw new Error(`malformed CSI ${JSON.stringify(stream.slice(index, index + 16))}`);
		}

		const [whole, privateMarker, params, final] = match as unknown as [string, string, string, string];
		const end = index + 1 + whole.length;
		if (privateMarker === '?') {
			this.#mode(params, final);
			return end;
		}

		if (isMoveFinal(final)) {
			this.#move(final, params);
			return end;
		}

		switch (final) {
			case 'm': {
				applySgr(this, params);
				break;
			}

			case 'J': {
				if (params !== '2') {
					throw new Error(`unsupported ED ${params}`);
				}

				if (this.fg !== -1 || this.bg !== -1 || this.attrs !== 0) {
					// Background-colour erase would paint the screen with the pen's colour.
					throw new Error('ED 2 with a non-default pen');
				}

				this.grid.clear();
				break;
			}

			default: {
				throw new Error(`unsupported CSI ${JSON.stringify(whole)}`);
			}
		}

		return end;
	}

	#move(final: MoveFinal, params: string): void {
		this.#requireSync(final === 'H' ? 'CUP' : `CSI ${final}`);
		const {x, y} = cursorTarget(final, params, this.cursorX, this.cursorY);
		// A terminal clamps a relative move at the margins; the compositor must never need that.
		if (!(y >= 0 && y < this.grid.height && x >= 0 && x < this.grid.width)) {
			throw new Error(final === 'H' ? `CUP outside the screen: ${params}` : `CSI ${params}${final} from ${this.cursorX},${this.cursorY} leaves the screen`);
		}

		if (this.pendingWrap && final !== 'H' && final !== 'E' && final !== 'F' && final !== 'G') {
			// After the last column the terminal's idea of the cursor differs between
			// implementations; only absolute moves and CNL/CPL/CHA are safe there.
			throw new Error(`relative move CSI ${final} in the pending-wrap state`);
		}

		this.cursorX = x;
		this.cursorY = y;
		this.pendingWrap = false;
	}

	/**
	An image: DCS (sixel), APC G (kitty) or OSC 1337 (iTerm2), ended by ST or (OSC) BEL.
	The cells it covers become IMAGE_MARK, as in the compositor's shown grid, and the cursor
	position becomes unknown: only an absolute move may follow.
	*/
	#controlString(stream: string, index: number, introducer: string): number {
		const images = this.images;
		if (!images) {
			throw new Error(`unexpected control string ${JSON.stringify(stream.slice(index, index + 12))}`);
		}

		this.#requireSync('image');
		const {kind, body, next} = readControlString(stream, index, introducer);
		const covered = images[kind](body, this.cursorX, this.cursorY);
		if (covered.columns > 0) {
			if (this.cursorX < 0 || this.cursorX + covered.columns > this.grid.width || this.cursorY + covered.rows > this.grid.height - 1) {
				throw new Error(`image at ${this.cursorX},${this.cursorY} (${covered.columns}x${covered.rows} cells) leaves the screen or reaches the last row`);
			}

			for (let row = 0; row < covered.rows; row++) {
				for (let column = 0; column < covered.columns; column++) {
					this.grid.set(this.cursorX + column, this.cursorY + row, IMAGE_MARK, -1, -1, 0);
				}
			}

			this.cursorX = -1000;
			this.cursorY = -1000;
		}

		return next;
	}

	#requireSync(what: string): void {
		if (this.requireSync && !this.synchronized) {
			throw new Error(`${what} outside a synchronized update`);
		}
	}

	#mode(params: string, final: string): void {
		const on = final === 'h';
		if (final !== 'h' && final !== 'l') {
			throw new Error(`unsupported private CSI ?${params}${final}`);
		}

		switch (params) {
			case '2026': {
				if (on === this.synchronized) {
					throw new Error(`unbalanced synchronized update (?2026${final})`);
				}

				this.synchronized = on;
				break;
			}

			case '1049': {
				this.alternateScreen = on;
				break;
			}

			case '25': {
				this.cursorVisible = on;
				break;
			}

			default: {
				throw new Error(`unsupported mode ?${params}`);
			}
		}
	}

	#print(grapheme: string): void {
		this.#requireSync('text');
		const width = stringWidth(grapheme);
		if (width < 1 || width > 2) {
			throw new Error(`grapheme ${JSON.stringify(grapheme)} has width ${width}`);
		}

		if (this.pendingWrap) {
			throw new Error('autowrap: printed past the right margin');
		}

		const {grid} = this;
		if (this.cursorX + width > grid.width) {
			throw new Error('wide character would wrap');
		}

		const x = this.cursorX;
		const y = this.cursorY;
		if (y === grid.height - 1 && x + width === grid.width) {
			throw new Error('printed in the bottom-right cell');
		}

		const row = y * grid.width;
		// Overwriting half of a wide character erases its other half (xterm).
		if (grid.chars[row + x] === '' && x > 0) {
			this.#erase(row + x - 1);
		}

		const after = x + width;
		if (after < grid.width && grid.chars[row + after] === '') {
			this.#erase(row + after);
		}

		grid.set(x, y, grapheme, this.fg, this.bg, this.attrs);
		if (width === 2) {
			grid.set(x + 1, y, '', this.fg, this.bg, this.attrs);
		}

		if (after >= grid.width) {
			this.pendingWrap = true;
		} else {
			this.cursorX = after;
		}
	}

	#erase(index: number): void {
		this.grid.chars[index] = ' ';
		this.grid.fg[index] = ERASED_COLOR;
		this.grid.bg[index] = ERASED_COLOR;
		this.grid.attrs[index] = 0;
	}

	fillJunk(): void {
		const {grid} = this;
		grid.chars.fill('#');
		grid.fg.fill(ERASED_COLOR);
		grid.bg.fill(ERASED_COLOR);
	}
}
