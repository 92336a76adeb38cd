import {BOLD, DIM, INVERSE, ITALIC, STRIKE, UNDERLINE, DEFAULT_COLOR, type Color} from './cell-grid.js';
import type {Pen} from './sgr.js';

/*
Escape sequences the compositor sends (ECMA-48 and the xterm extensions every modern
terminal implements). Numbers come from a table so building a cell costs no number→string
conversions.
*/

export const CSI = '\u001B[';
export const SGR_RESET = `${CSI}0m`;
export const CLEAR_SCREEN = `${CSI}2J`;
/**
Synchronized output (DEC mode 2026): the terminal shows the whole update at once. The NUL
after it (a no-op in every terminal, ECMA-48 § 8.3.88) works around kitty 0.26: while an
update is held, kitty drops or garbles the first escape sequence after `?2026h` when its read
of the pty ends inside that sequence (it replays it with the introducer doubled: "Unrecognized
APC code: 0x9f", "Invalid character in CSI: 0x9b"). A busy machine splits reads at random,
and a dropped kitty frame edit left the old picture on screen. A NUL is queued at once, so
the first sequence is never the first thing held. Seen in test/render/kitty-terminal.test.ts.
*/
export const SYNC_BEGIN = `${CSI}?2026h\u0000`;
export const SYNC_END = `${CSI}?2026l`;

const NUMBERS: string[] = Array.from({length: 1000}, (_, index) => String(index));

function number(value: number): string {
	return NUMBERS[value] ?? String(value);
}

/** `CSI row;col H` for a 0-based cell. */
export function cursorTo(x: number, y: number): string {
	return CSI + number(y + 1) + ';' + number(x + 1) + 'H';
}

/** `CSI n C`: cursor forward on the same row. */
export function cursorForward(count: number): string {
	return CSI + number(count) + 'C';
}

// `;n` for 0–255: a 24-bit colour's three channels cost one table read each.
const SEMICOLON_NUMBERS: string[] = NUMBERS.slice(0, 256).map(text => ';' + text);

function colorParams(color: Color, base: number): string {
	if (color < 0) {
		return number(base + 9);
	}

	if (color < 8) {
		return number(base + color);
	}

	if (color < 16) {
		return number(base + 60 + color - 8);
	}

	if (color < 256) {
		return number(base + 8) + ';5;' + number(color);
	}

	return (base === 30 ? '38;2' : '48;2') + SEMICOLON_NUMBERS[(color >> 16) & 0xFF]! + SEMICOLON_NUMBERS[(color >> 8) & 0xFF]! + SEMICOLON_NUMBERS[color & 0xFF]!;
}

const ATTRIBUTE_ON: ReadonlyArray<[number, string]> = [
	[BOLD, '1'], [DIM, '2'], [ITALIC, '3'], [UNDERLINE, '4'], [INVERSE, '7'], [STRIKE, '9'],
];
const ATTRIBUTE_OFF: ReadonlyArray<[number, string]> = [
	[ITALIC, '23'], [UNDERLINE, '24'], [INVERSE, '27'], [STRIKE, '29'],
];

/**
The shortest-enough SGR that takes `pen` to (fg, bg, attrs), or '' when it is already
there. Updates `pen`.
*/
export function penTo(pen: Pen, fg: Color, bg: Color, attrs: number): string {
	if (pen.fg === fg && pen.bg === bg && pen.attrs === attrs) {
		return '';
	}

	if (attrs === 0 && pen.attrs === 0) {
		// Video cells (no attributes on either side): only colours change. The hot path of a
		// frame's delta, so no parameter list is built and sliced.
		let params: string;
		if (pen.fg === fg) {
			params = colorParams(bg, 40);
		} else {
			params = pen.bg === bg ? colorParams(fg, 30) : colorParams(fg, 30) + ';' + colorParams(bg, 40);
		}

		pen.fg = fg;
		pen.bg = bg;
		return CSI + params + 'm';
	}

	let params = '';
	let current = pen.attrs;
	const off = current & ~attrs;
	if (off !== 0 && attrs === 0) {
		params = ';0';
		current = 0;
		pen.fg = DEFAULT_COLOR;
		pen.bg = DEFAULT_COLOR;
	} else if (off !== 0) {
		// SGR 22 ends bold and dim together; whichever should stay is turned on again below.
		if ((off & (BOLD | DIM)) !== 0) {
			params += ';22';
			current &= ~(BOLD | DIM);
		}

		for (const [bit, code] of ATTRIBUTE_OFF) {
			if ((off & bit) !== 0) {
				params += ';' + code;
				current &= ~bit;
			}
		}
	}

	const on = attrs & ~current;
	if (on !== 0) {
		for (const [bit, code] of ATTRIBUTE_ON) {
			if ((on & bit) !== 0) {
				params += ';' + code;
			}
		}
	}

	if (pen.fg !== fg) {
		params += ';' + colorParams(fg, 30);
	}

	if (pen.bg !== bg) {
		params += ';' + colorParams(bg, 40);
	}

	pen.fg = fg;
	pen.bg = bg;
	pen.attrs = attrs;
	return params === '' ? '' : CSI + params.slice(1) + 'm';
}
