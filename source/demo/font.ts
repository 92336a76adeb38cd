import {fillRect, type Raster, type Rgb} from './raster.js';

/** Glyph cell: 5 pixels wide, 7 high, plus one blank column between characters. */
export const glyphWidth = 5;
export const glyphHeight = 7;
const advance = glyphWidth + 1;

/*
Our own 5×7 glyphs. Each is 7 rows as two hex digits; bit 4 (0x10) is the leftmost pixel.
Lower-case letters are drawn with the upper-case glyphs; anything missing draws as `?`.
*/
const glyphSource: Record<string, string> = {
	'0': '0e11131519110e',
	'1': '040c040404040e',
	'2': '0e11010204081f',
	'3': '1f02040201110e',
	'4': '02060a121f0202',
	'5': '1f101e0101110e',
	'6': '0608101e11110e',
	'7': '1f010204080808',
	'8': '0e11110e11110e',
	'9': '0e11110f01020c',
	A: '0e11111f111111',
	B: '1e11111e11111e',
	C: '0e11101010110e',
	D: '1c12111111121c',
	E: '1f10101e10101f',
	F: '1f10101e101010',
	G: '0e11101711110f',
	H: '1111111f111111',
	I: '0e04040404040e',
	J: '0702020202120c',
	K: '11121418141211',
	L: '1010101010101f',
	M: '111b1515111111',
	N: '11111915131111',
	O: '0e11111111110e',
	P: '1e11111e101010',
	Q: '0e11111115120d',
	R: '1e11111e141211',
	S: '0f10100e01011e',
	T: '1f040404040404',
	U: '1111111111110e',
	V: '11111111110a04',
	W: '1111111515150a',
	X: '11110a040a1111',
	Y: '1111110a040404',
	Z: '1f01020408101f',
	':': '000c0c000c0c00',
	'.': '00000000000c0c',
	'-': '0000001f000000',
	_: '0000000000001f',
	'#': '0a0a1f0a1f0a0a',
	'/': '01020204080810',
	'~': '00000815020000',
	' ': '00000000000000',
	'?': '0e110102040004',
};

const glyphs = new Map<string, Uint8Array>(
	Object.entries(glyphSource).map(([character, hex]) => [character, Uint8Array.from(hex.match(/../g) ?? [], row => Number.parseInt(row, 16))]),
);
const fallback = glyphs.get('?')!;

function glyphFor(character: string): Uint8Array {
	return glyphs.get(character.toUpperCase()) ?? fallback;
}

/** Width in pixels of `text` drawn at `scale` (no trailing gap). */
export function textWidth(text: string, scale: number): number {
	return text.length === 0 ? 0 : ((text.length * advance) - 1) * scale;
}

/** How many characters fit in `width` pixels at `scale`. */
export function charactersThatFit(width: number, scale: number): number {
	return Math.max(0, Math.floor((width + scale) / (advance * scale)));
}

/** Draw `text` with its top-left corner at (x, y), each glyph pixel a `scale`×`scale` block. */
export function drawText(raster: Raster, text: string, x: number, y: number, scale: number, colour: Rgb): void {
	for (let index = 0; index < text.length; index++) {
		const rows = glyphFor(text.charAt(index));
		const left = x + (index * advance * scale);
		for (let row = 0; row < glyphHeight; row++) {
			const bits = rows[row]!;
			for (let column = 0; column < glyphWidth; column++) {
				if ((bits & (0x10 >> column)) !== 0) {
					fillRect(raster, left + (column * scale), y + (row * scale), scale, scale, colour);
				}
			}
		}
	}
}
