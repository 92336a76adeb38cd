import {BOLD, DIM, INVERSE, ITALIC, STRIKE, UNDERLINE, rgb} from '../../source/render/cell-grid.js';

/** The terminal's pen: colours as in CellGrid (-1 default, 0–255 palette, TRUECOLOR | rgb) and attribute bits. */
export type Pen = {fg: number; bg: number; attrs: number};

const ATTRIBUTE_ON: Readonly<Record<number, number>> = {1: BOLD, 2: DIM, 3: ITALIC, 4: UNDERLINE, 7: INVERSE, 9: STRIKE};
const ATTRIBUTE_OFF: Readonly<Record<number, number>> = {23: ITALIC, 24: UNDERLINE, 27: INVERSE, 29: STRIKE};

/**
Apply one SGR (`CSI params m`) to `pen`, strictly: a code the compositor has no reason to
send, a palette colour below 16 in the long form (the short form exists), or a malformed
extended colour throws.
*/
export function applySgr(pen: Pen, text: string): void {
	const params = text === '' ? [0] : text.split(';').map(Number);
	for (let index = 0; index < params.length; index++) {
		const code = params[index]!;
		const attribute = ATTRIBUTE_ON[code];
		const off = ATTRIBUTE_OFF[code];
		if (attribute !== undefined) {
			pen.attrs |= attribute;
		} else if (off !== undefined) {
			pen.attrs &= ~off;
		} else if (code === 0) {
			pen.fg = -1;
			pen.bg = -1;
			pen.attrs = 0;
		} else if (code === 22) {
			pen.attrs &= ~(BOLD | DIM);
		} else if (code >= 30 && code <= 37) {
			pen.fg = code - 30;
		} else if (code >= 90 && code <= 97) {
			pen.fg = code - 82;
		} else if (code >= 40 && code <= 47) {
			pen.bg = code - 40;
		} else if (code >= 100 && code <= 107) {
			pen.bg = code - 92;
		} else if (code === 39) {
			pen.fg = -1;
		} else if (code === 49) {
			pen.bg = -1;
		} else if (code === 38 || code === 48) {
			const [color, used] = extendedColor(params, index, text);
			index += used;
			if (code === 38) {
				pen.fg = color;
			} else {
				pen.bg = color;
			}
		} else {
			throw new Error(`unsupported SGR ${code} in ${JSON.stringify(text)}`);
		}
	}
}

/** The colour of a `38;5;n` / `38;2;r;g;b` (or 48) at `index`, and how many parameters after the 38 it took. */
function extendedColor(params: readonly number[], index: number, text: string): [number, number] {
	const kind = params[index + 1];
	if (kind === 5) {
		const color = params[index + 2]!;
		if (!(color >= 16 && color <= 255)) {
			throw new Error(`palette colour ${color} should use the short form or is invalid`);
		}

		return [color, 2];
	}

	if (kind === 2) {
		const [r, g, b] = [params[index + 2]!, params[index + 3]!, params[index + 4]!];
		if (![r, g, b].every(value => Number.isInteger(value) && value >= 0 && value <= 255)) {
			throw new Error(`bad truecolor ${text}`);
		}

		return [rgb(r, g, b), 4];
	}

	throw new Error(`bad extended colour ${text}`);
}
