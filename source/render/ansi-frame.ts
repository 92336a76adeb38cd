import {BLANK, DEFAULT_COLOR, WIDE_TAIL, type CellGrid} from './cell-grid.js';
import {graphemeWidth, graphemes, simpleWidth} from './char-width.js';
import {applySgr, type Pen} from './sgr.js';

/*
Parses one full Ink frame (rows separated by '\n', styled with SGR as chalk emits it) into
a cell grid. The grid is what the compositor sends to the terminal, so only printable
graphemes may reach it: every other escape sequence (OSC, DCS, CSI other than SGR, C1
introducers) and every C0/C1 control, DEL and lone CR is dropped here. A camera name or
error text carrying `\x1b]…` or `\x9b…` therefore cannot drive the terminal.
*/

const ESC = 0x1B;
const BEL = 0x07;
const LF = 0x0A;
const C1_CSI = 0x9B;
const C1_ST = 0x9C;
// One grapheme cluster is never this long in real text; a longer one is a combining-mark bomb.
const MAX_GRAPHEME_LENGTH = 32;

function isC1StringIntroducer(code: number): boolean {
	// DCS, SOS, OSC, PM, APC
	return code === 0x90 || code === 0x98 || code === 0x9D || code === 0x9E || code === 0x9F;
}

function isStringIntroducer(code: number): boolean {
	// ESC P (DCS), ESC X (SOS), ESC ] (OSC), ESC ^ (PM), ESC _ (APC)
	return code === 0x50 || code === 0x58 || code === 0x5D || code === 0x5E || code === 0x5F;
}

/**
Skip a control string starting at `index` (first byte after the introducer): up to BEL,
ST (ESC \ or 0x9C), or before a newline so a stray introducer cannot swallow the rows below.
*/
function skipControlString(text: string, index: number): number {
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code === BEL || code === C1_ST) {
			return index + 1;
		}

		if (code === ESC && text.charCodeAt(index + 1) === 0x5C) {
			return index + 2;
		}

		if (code === LF) {
			return index;
		}

		index++;
	}

	return index;
}

/**
Parse a CSI body from `index` (first byte after `ESC [`). Returns the end index and, for a
well-formed SGR (`m` final, no private/intermediate bytes), its parameter text.
*/
function scanCsi(text: string, index: number): [number, string | undefined] {
	const start = index;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code >= 0x30 && code <= 0x3F) {
			index++;
			continue;
		}

		break;
	}

	const paramsEnd = index;
	while (index < text.length) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x2F) {
			index++;
			continue;
		}

		break;
	}

	const final = text.charCodeAt(index);
	if (!(final >= 0x40 && final <= 0x7E)) {
		// Malformed: drop what was scanned; the offending byte is handled by the caller's loop.
		return [index, undefined];
	}

	const params = text.slice(start, paramsEnd);
	const isSgr = final === 0x6D && index === paramsEnd && /^[\d;:]*$/.test(params);
	return [index + 1, isSgr ? params : undefined];
}

/** Skip an escape sequence at `index` (text[index] is ESC); SGR is applied to the pen. */
function skipEscape(text: string, index: number, pen: Pen): number {
	const next = text.charCodeAt(index + 1);
	if (Number.isNaN(next)) {
		return index + 1;
	}

	if (next === 0x5B) {
		const [end, sgr] = scanCsi(text, index + 2);
		if (sgr !== undefined) {
			applySgr(pen, sgr);
		}

		return end;
	}

	if (isStringIntroducer(next)) {
		return skipControlString(text, index + 2);
	}

	// Other ESC sequences: intermediates 0x20–0x2F then one final 0x30–0x7E (ECMA-35).
	let cursor = index + 1;
	while (cursor < text.length && text.charCodeAt(cursor) >= 0x20 && text.charCodeAt(cursor) <= 0x2F) {
		cursor++;
	}

	const final = text.charCodeAt(cursor);
	return final >= 0x30 && final <= 0x7E ? cursor + 1 : cursor;
}

type Cursor = {x: number; y: number};

function put(grid: CellGrid, cursor: Cursor, pen: Pen, char: string): void {
	if (cursor.x < grid.width) {
		const index = (cursor.y * grid.width) + cursor.x;
		grid.chars[index] = char;
		grid.fg[index] = pen.fg;
		grid.bg[index] = pen.bg;
		grid.attrs[index] = pen.attrs;
	}

	cursor.x++;
}

function writeGrapheme(grid: CellGrid, cursor: Cursor, pen: Pen, grapheme: string): void {
	if (grapheme.length > MAX_GRAPHEME_LENGTH) {
		grapheme = String.fromCodePoint(grapheme.codePointAt(0)!);
	}

	// Unicode line/paragraph separators are not controls but no terminal should see them.
	if (grapheme === '\u2028' || grapheme === '\u2029') {
		grapheme = BLANK;
	}

	const width = graphemeWidth(grapheme);
	if (width === 0) {
		// Zero-width on its own (format characters such as bidi overrides, stray marks):
		// the terminal would print nothing and Ink measured nothing, so it takes no cell.
		return;
	}

	if (width === 1) {
		put(grid, cursor, pen, grapheme);
		return;
	}

	if (width === 2) {
		if (cursor.x + 1 < grid.width) {
			put(grid, cursor, pen, grapheme);
			put(grid, cursor, pen, WIDE_TAIL);
		} else {
			// Half a wide character does not fit at the right edge: leave a blank.
			put(grid, cursor, pen, BLANK);
			cursor.x++;
		}

		return;
	}

	// Wider clusters (additive jamo runs): keep the layout, show a placeholder.
	put(grid, cursor, pen, '?');
	for (let index = 1; index < width; index++) {
		put(grid, cursor, pen, BLANK);
	}
}

function writeRun(grid: CellGrid, cursor: Cursor, pen: Pen, text: string, start: number, end: number, ascii: boolean): void {
	if (ascii) {
		for (let index = start; index < end && cursor.x < grid.width; index++) {
			put(grid, cursor, pen, text[index]!);
		}

		return;
	}

	let simple = true;
	for (let index = start; index < end; index++) {
		if (simpleWidth(text.charCodeAt(index)) === 0) {
			simple = false;
			break;
		}
	}

	if (simple) {
		for (let index = start; index < end && cursor.x < grid.width; index++) {
			const char = text[index]!;
			if (simpleWidth(text.charCodeAt(index)) === 1) {
				put(grid, cursor, pen, char);
			} else {
				writeGrapheme(grid, cursor, pen, char);
			}
		}

		return;
	}

	for (const grapheme of graphemes(text.slice(start, end))) {
		if (cursor.x >= grid.width) {
			return;
		}

		writeGrapheme(grid, cursor, pen, grapheme);
	}
}

/** Parse a full Ink frame into `grid` from row 0; cells the frame does not cover are blank. */
export function parseAnsiFrame(text: string, grid: CellGrid): void {
	grid.clear();
	const pen: Pen = {fg: DEFAULT_COLOR, bg: DEFAULT_COLOR, attrs: 0};
	const cursor: Cursor = {x: 0, y: 0};
	let runStart = -1;
	let runAscii = true;
	let index = 0;

	const flushRun = (end: number): void => {
		if (runStart >= 0) {
			if (cursor.y < grid.height) {
				writeRun(grid, cursor, pen, text, runStart, end, runAscii);
			}

			runStart = -1;
			runAscii = true;
		}
	};

	while (index < text.length) {
		const code = text.charCodeAt(index);
		const isControl = code < 0x20 || code === 0x7F || (code >= 0x80 && code <= 0x9F);
		if (!isControl) {
			if (runStart < 0) {
				runStart = index;
			}

			if (code > 0x7E) {
				runAscii = false;
			}

			index++;
			continue;
		}

		flushRun(index);
		if (code === LF) {
			cursor.y++;
			cursor.x = 0;
			if (cursor.y >= grid.height) {
				return;
			}

			index++;
		} else if (code === ESC) {
			index = skipEscape(text, index, pen);
		} else if (code === C1_CSI) {
			// Ink never emits 8-bit CSI; whatever it carries is dropped, not applied.
			index = scanCsi(text, index + 1)[0];
		} else if (isC1StringIntroducer(code)) {
			index = skipControlString(text, index + 1);
		} else {
			index++;
		}
	}

	flushRun(index);
}
