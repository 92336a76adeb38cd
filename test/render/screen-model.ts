import stringWidth from 'string-width';
import {
	BOLD, CellGrid, DIM, INVERSE, ITALIC, STRIKE, UNDERLINE, TRUECOLOR, rgb,
} from '../../source/render/cell-grid.js';
import type {Rect} from '../../source/render/types.js';
import {bottomColor, isBlockCell, topColor} from '../../source/render/block-cells.js';
import {XTERM_RGB} from '../../source/render/palette.js';
import type {CellSize} from '../../source/render/image-pixels.js';
import {IMAGE_MARK} from '../../source/render/screen-writer.js';
import {ImageModel} from './image-model.js';

/*
A strict model of a terminal screen: applies the escape-sequence stream the compositor sends
(CUP, CUF, SGR including 256 and truecolor, ED 2, DEC modes 2026/1049/25, printable text) to
a CellGrid, and throws on anything else, so a stray byte or an unexpected sequence fails a
test. Text follows xterm's rules for overwriting half of a wide character; the other half
becomes ERASED (colour -2, never a real colour) so a compositor that forgets to repaint it
fails the comparison. Autowrap and printing the bottom-right cell throw: the compositor must
never rely on them.
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

		switch (final) {
			case 'H': {
				this.#requireSync('CUP');
				const [row = '1', column = '1'] = params.split(';');
				const y = Number(row || '1') - 1;
				const x = Number(column || '1') - 1;
				if (!(y >= 0 && y < this.grid.height && x >= 0 && x < this.grid.width)) {
					throw new Error(`CUP outside the screen: ${params}`);
				}

				this.cursorX = x;
				this.cursorY = y;
				this.pendingWrap = false;
				break;
			}

			case 'A':
			case 'B':
			case 'C':
			case 'D':
			case 'E':
			case 'F':
			case 'G':
			case 'd': {
				this.#requireSync(`CSI ${final}`);
				const count = Number(params || '1');
				if (!Number.isInteger(count) || count < 1 || params.includes(';')) {
					throw new Error(`bad parameter for CSI ${final}: ${params}`);
				}

				let x = this.cursorX;
				let y = this.cursorY;
				switch (final) {
					case 'A': { y -= count; break; }
					case 'B': { y += count; break; }
					case 'C': { x += count; break; }
					case 'D': { x -= count; break; }
					case 'E': { y += count; x = 0; break; }
					case 'F': { y -= count; x = 0; break; }
					case 'G': { x = count - 1; break; }
					case 'd': { y = count - 1; break; }
				}

				// A terminal clamps a relative move at the margins; the compositor must never need that.
				if (!(y >= 0 && y < this.grid.height && x >= 0 && x < this.grid.width)) {
					throw new Error(`CSI ${params}${final} from ${this.cursorX},${this.cursorY} leaves the screen`);
				}

				if (this.pendingWrap && final !== 'E' && final !== 'F' && final !== 'G') {
					// After the last column the terminal's idea of the cursor differs between
					// implementations; only absolute moves and CNL/CPL/CHA are safe there.
					throw new Error(`relative move CSI ${final} in the pending-wrap state`);
				}

				this.cursorX = x;
				this.cursorY = y;
				this.pendingWrap = false;
				break;
			}

			case 'm': {
				this.#sgr(params);
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
		let end = stream.indexOf('\u001B\\', index + 2);
		let terminator = 2;
		const bell = stream.indexOf('\u0007', index + 2);
		if (introducer === ']' && bell >= 0 && (end < 0 || bell < end)) {
			end = bell;
			terminator = 1;
		}

		if (end < 0) {
			throw new Error('unterminated control string');
		}

		const body = stream.slice(index + 2, end);
		let covered: {columns: number; rows: number};
		if (introducer === 'P') {
			if (!/^[\d;]*q/.test(body)) {
				throw new Error(`unexpected DCS ${JSON.stringify(body.slice(0, 12))}`);
			}

			covered = images.sixel(body, this.cursorX, this.cursorY);
		} else if (introducer === '_') {
			if (!body.startsWith('G')) {
				throw new Error(`unexpected APC ${JSON.stringify(body.slice(0, 12))}`);
			}

			covered = images.kitty(body.slice(1), this.cursorX, this.cursorY);
		} else {
			if (!body.startsWith('1337;File=')) {
				throw new Error(`unexpected OSC ${JSON.stringify(body.slice(0, 12))}`);
			}

			covered = images.iterm2(body, this.cursorX, this.cursorY);
		}

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

		return end + terminator;
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

	#sgr(text: string): void {
		const params = text === '' ? [0] : text.split(';').map(Number);
		for (let index = 0; index < params.length; index++) {
			const code = params[index]!;
			const attribute = ({1: BOLD, 2: DIM, 3: ITALIC, 4: UNDERLINE, 7: INVERSE, 9: STRIKE} as Record<number, number>)[code];
			const off = ({23: ITALIC, 24: UNDERLINE, 27: INVERSE, 29: STRIKE} as Record<number, number>)[code];
			if (attribute !== undefined) {
				this.attrs |= attribute;
			} else if (off !== undefined) {
				this.attrs &= ~off;
			} else if (code === 0) {
				this.fg = -1;
				this.bg = -1;
				this.attrs = 0;
			} else if (code === 22) {
				this.attrs &= ~(BOLD | DIM);
			} else if (code >= 30 && code <= 37) {
				this.fg = code - 30;
			} else if (code >= 90 && code <= 97) {
				this.fg = code - 82;
			} else if (code >= 40 && code <= 47) {
				this.bg = code - 40;
			} else if (code >= 100 && code <= 107) {
				this.bg = code - 92;
			} else if (code === 39) {
				this.fg = -1;
			} else if (code === 49) {
				this.bg = -1;
			} else if (code === 38 || code === 48) {
				const kind = params[index + 1];
				let color: number;
				if (kind === 5) {
					color = params[index + 2]!;
					if (!(color >= 16 && color <= 255)) {
						throw new Error(`palette colour ${color} should use the short form or is invalid`);
					}

					index += 2;
				} else if (kind === 2) {
					const [r, g, b] = [params[index + 2]!, params[index + 3]!, params[index + 4]!];
					if (![r, g, b].every(value => Number.isInteger(value) && value >= 0 && value <= 255)) {
						throw new Error(`bad truecolor ${text}`);
					}

					color = rgb(r, g, b);
					index += 4;
				} else {
					throw new Error(`bad extended colour ${text}`);
				}

				if (code === 38) {
					this.fg = color;
				} else {
					this.bg = color;
				}
			} else {
				throw new Error(`unsupported SGR ${code} in ${JSON.stringify(text)}`);
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

/** First differing cell of two grids, described, or undefined when equal. */
export function gridDifference(actual: CellGrid, expected: CellGrid): string | undefined {
	if (actual.width !== expected.width || actual.height !== expected.height) {
		return `size ${actual.width}x${actual.height} != ${expected.width}x${expected.height}`;
	}

	for (let index = 0; index < actual.chars.length; index++) {
		if (!actual.sameCell(index, expected, index)) {
			const x = index % actual.width;
			const y = Math.floor(index / actual.width);
			const show = (grid: CellGrid): string => JSON.stringify([grid.chars[index], grid.fg[index], grid.bg[index], grid.attrs[index]]);
			return `cell ${x},${y}: ${show(actual)} != ${show(expected)}`;
		}
	}

	return undefined;
}

/** A row's text with every block cell (`▀ ▄ █` or a coloured space) shown as `▀`, for picture-shape assertions. */
export function pictureRow(grid: CellGrid, y: number): string {
	let text = '';
	for (let x = 0; x < grid.width; x++) {
		const index = (y * grid.width) + x;
		text += isBlockCell(grid, index) ? '\u2580' : grid.chars[index];
	}

	return text;
}

/**
Read block cells back into RGB pixels (rect.width × 2·rect.height): the inverse of the
encoders, whichever of `▀ ▄ █` or a coloured space the compositor chose for a cell.
Palette colours are turned into their xterm RGB.
*/
export function decodeHalfBlocks(grid: CellGrid, rect: Rect): Uint8Array {
	const data = new Uint8Array(rect.width * rect.height * 2 * 3);
	for (let y = 0; y < rect.height; y++) {
		for (let x = 0; x < rect.width; x++) {
			const index = ((rect.y + y) * grid.width) + rect.x + x;
			if (!isBlockCell(grid, index)) {
				throw new Error(`cell ${x},${y} is ${JSON.stringify(grid.chars[index])}, not a block cell`);
			}

			for (const [row, color] of [[2 * y, topColor(grid, index)], [(2 * y) + 1, bottomColor(grid, index)]] as const) {
				const p = ((row * rect.width) + x) * 3;
				if (color >= TRUECOLOR) {
					data[p] = (color >> 16) & 0xFF;
					data[p + 1] = (color >> 8) & 0xFF;
					data[p + 2] = color & 0xFF;
				} else if (color >= 0 && color < 256) {
					data.set(XTERM_RGB[color]!, p);
				} else {
					throw new Error(`cell ${x},${y} has no colour`);
				}
			}
		}
	}

	return data;
}
