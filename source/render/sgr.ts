import {
	BOLD, DIM, INVERSE, ITALIC, STRIKE, UNDERLINE, DEFAULT_COLOR, rgb, type Color,
} from './cell-grid.js';

/** The SGR state a terminal applies to the characters it prints. */
export type Pen = {
	fg: Color;
	bg: Color;
	attrs: number;
};

export function resetPen(pen: Pen): void {
	pen.fg = DEFAULT_COLOR;
	pen.bg = DEFAULT_COLOR;
	pen.attrs = 0;
}

function byte(text: string | undefined): number | undefined {
	if (text === undefined || text === '') {
		return undefined;
	}

	const value = Number(text);
	return Number.isInteger(value) && value >= 0 && value <= 255 ? value : undefined;
}

/**
An extended colour (ECMA-48 / ITU T.416 via xterm): `5;n` or `2;r;g;b` in the following
semicolon parameters, or the colon form `38:5:n`, `38:2::r:g:b`, `38:2:r:g:b` in one
parameter. Returns the colour (undefined when malformed) and how many extra
semicolon parameters were consumed.
*/
function extendedColor(params: string[], index: number, sub: string[]): [Color | undefined, number] {
	if (sub.length > 1) {
		const kind = sub[1];
		if (kind === '5') {
			return [byte(sub[2]), 0];
		}

		if (kind === '2') {
			// With a colour-space id slot (`38:2::r:g:b`) there are six parts, without it five.
			const offset = sub.length >= 6 ? 3 : 2;
			const r = byte(sub[offset]);
			const g = byte(sub[offset + 1]);
			const b = byte(sub[offset + 2]);
			return [r === undefined || g === undefined || b === undefined ? undefined : rgb(r, g, b), 0];
		}

		return [undefined, 0];
	}

	const kind = params[index + 1];
	if (kind === '5') {
		return [byte(params[index + 2]), 2];
	}

	if (kind === '2') {
		const r = byte(params[index + 2]);
		const g = byte(params[index + 3]);
		const b = byte(params[index + 4]);
		return [r === undefined || g === undefined || b === undefined ? undefined : rgb(r, g, b), 4];
	}

	return [undefined, 1];
}

/**
Apply the parameter string of one `CSI … m` to a pen. Unknown codes are ignored (as a
terminal does); nothing here can emit anything, it only changes the pen.
*/
export function applySgr(pen: Pen, paramText: string): void {
	const params = paramText === '' ? ['0'] : paramText.split(';');
	for (let index = 0; index < params.length; index++) {
		const param = params[index]!;
		const sub = param.includes(':') ? param.split(':') : [param];
		const code = sub[0] === '' ? 0 : Number(sub[0]);
		if (!Number.isInteger(code)) {
			continue;
		}

		if (code >= 30 && code <= 37) {
			pen.fg = code - 30;
		} else if (code >= 40 && code <= 47) {
			pen.bg = code - 40;
		} else if (code >= 90 && code <= 97) {
			pen.fg = code - 90 + 8;
		} else if (code >= 100 && code <= 107) {
			pen.bg = code - 100 + 8;
		} else {
			switch (code) {
				case 0: {
					resetPen(pen);
					break;
				}

				case 1: {
					pen.attrs |= BOLD;
					break;
				}

				case 2: {
					pen.attrs |= DIM;
					break;
				}

				case 3: {
					pen.attrs |= ITALIC;
					break;
				}

				case 4: {
					// `4:0` is "no underline" in the colon (styled underline) form.
					pen.attrs = sub[1] === '0' ? pen.attrs & ~UNDERLINE : pen.attrs | UNDERLINE;
					break;
				}

				case 7: {
					pen.attrs |= INVERSE;
					break;
				}

				case 9: {
					pen.attrs |= STRIKE;
					break;
				}

				case 22: {
					pen.attrs &= ~(BOLD | DIM);
					break;
				}

				case 23: {
					pen.attrs &= ~ITALIC;
					break;
				}

				case 24: {
					pen.attrs &= ~UNDERLINE;
					break;
				}

				case 27: {
					pen.attrs &= ~INVERSE;
					break;
				}

				case 29: {
					pen.attrs &= ~STRIKE;
					break;
				}

				case 39: {
					pen.fg = DEFAULT_COLOR;
					break;
				}

				case 49: {
					pen.bg = DEFAULT_COLOR;
					break;
				}

				case 38:
				case 48:
				case 58: {
					const [color, consumed] = extendedColor(params, index, sub);
					index += consumed;
					if (color !== undefined && code !== 58) {
						if (code === 38) {
							pen.fg = color;
						} else {
							pen.bg = color;
						}
					}

					break;
				}

				default: {
					// Blink, hidden, fonts, overline and the like: not part of the grid model.
					break;
				}
			}
		}
	}
}
