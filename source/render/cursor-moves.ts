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

/**
The cheapest move from (fromX, fromY) to (toX, toY), both 0-based; '' when already there.
`fromX < 0` means the position is unknown (after a wrap, a wide character or an image):
then only the absolute CUP is safe.
*/
export function moveCursor(fromX: number, fromY: number, toX: number, toY: number): string {
	if (fromX < 0 || fromY < 0) {
		return cursorPosition(toX, toY);
	}

	if (fromY === toY) {
		if (fromX === toX) {
			return '';
		}

		const relative = toX > fromX ? counted(toX - fromX, 'C') : counted(fromX - toX, 'D');
		const absolute = toX === 0 ? CSI + 'G' : CSI + number(toX + 1) + 'G';
		return relative.length <= absolute.length ? relative : absolute;
	}

	let best = cursorPosition(toX, toY);
	const consider = (candidate: string): void => {
		if (candidate.length < best.length) {
			best = candidate;
		}
	};

	if (fromX === toX) {
		consider(toY > fromY ? counted(toY - fromY, 'B') : counted(fromY - toY, 'A'));
		consider(toY === 0 ? CSI + 'd' : CSI + number(toY + 1) + 'd');
	}

	if (toX === 0) {
		consider(toY > fromY ? counted(toY - fromY, 'E') : counted(fromY - toY, 'F'));
	}

	return best;
}
