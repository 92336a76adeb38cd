import {CSI} from './ansi-out.js';

/*
The shortest ECMA-48 sequence that moves the cursor from one cell to another. Every
candidate is a plain CSI sequence that xterm, tmux, screen and the VTE/kitty/iTerm2 family
implement: CUP (H), CHA (G), VPA (d), CUF/CUB (C/D), CUD/CUU (B/A), CNL/CPL (E/F). A
parameter of 1 is left out (`CSI C` is one column). No control characters (CR, LF, BS):
LF on the last row scrolls, and the compositor never relies on wrapping.
*/

const NUMBERS: string[] = Array.from({length: 1000}, (_, index) => String(index));

function number(value: number): string {
	return NUMBERS[value] ?? String(value);
}

function counted(count: number, final: string): string {
	return count === 1 ? CSI + final : CSI + number(count) + final;
}

/** `CSI row;col H` for a 0-based cell, the column left out when it is the first. */
export function cursorPosition(x: number, y: number): string {
	if (x === 0) {
		return y === 0 ? CSI + 'H' : CSI + number(y + 1) + 'H';
	}

	return CSI + number(y + 1) + ';' + number(x + 1) + 'H';
}

/** Decimal digits of a non-negative integer. */
function digits(value: number): number {
	return value < 10 ? 1 : (value < 100 ? 2 : (value < 1000 ? 3 : String(value).length));
}

/** Length of `counted(count, final)`. */
function countedLength(count: number): number {
	return count === 1 ? 3 : 3 + digits(count);
}

/** Length of `CSI n final` with n left out when it is 1 (n = position + 1). */
function positionLength(position: number): number {
	return position === 0 ? 3 : 3 + digits(position + 1);
}

/**
The cheapest move from (fromX, fromY) to (toX, toY), both 0-based; '' when already there.
`fromX < 0` means the position is unknown (after a wrap, a wide character or an image):
then only the absolute CUP is safe. Candidates are compared by length and only the winner
is built (this runs for every cell a frame's delta skips to).
*/
export function moveCursor(fromX: number, fromY: number, toX: number, toY: number): string {
	if (fromX < 0 || fromY < 0) {
		return cursorPosition(toX, toY);
	}

	if (fromY === toY) {
		if (fromX === toX) {
			return '';
		}

		const relative = countedLength(toX > fromX ? toX - fromX : fromX - toX);
		if (relative <= positionLength(toX)) {
			return toX > fromX ? counted(toX - fromX, 'C') : counted(fromX - toX, 'D');
		}

		return toX === 0 ? CSI + 'G' : CSI + number(toX + 1) + 'G';
	}

	// CUP, then the shorter of the others in this order, each only if strictly shorter.
	const rows = toY > fromY ? toY - fromY : fromY - toY;
	let bestLength = toX === 0 ? positionLength(toY) : 4 + digits(toY + 1) + digits(toX + 1);
	let best = 0;
	if (fromX === toX) {
		if (countedLength(rows) < bestLength) {
			bestLength = countedLength(rows);
			best = 1;
		}

		if (positionLength(toY) < bestLength) {
			bestLength = positionLength(toY);
			best = 2;
		}
	}

	if (toX === 0 && countedLength(rows) < bestLength) {
		best = 3;
	}

	switch (best) {
		case 1: {
			return counted(rows, toY > fromY ? 'B' : 'A');
		}

		case 2: {
			return toY === 0 ? CSI + 'd' : CSI + number(toY + 1) + 'd';
		}

		case 3: {
			return counted(rows, toY > fromY ? 'E' : 'F');
		}

		default: {
			return cursorPosition(toX, toY);
		}
	}
}
