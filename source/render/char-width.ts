import stringWidth from 'string-width';

/*
Cell width of one grapheme. Ink lays text out with string-width (build/output.js measures
every styled character with it), so the chrome grid must use the same function or a row
would drift from Ink's layout. Results are cached: chrome text repeats from frame to frame.
*/

const MAX_CACHED = 4096;
const cache = new Map<string, number>();

export function graphemeWidth(grapheme: string): number {
	const code = grapheme.charCodeAt(0);
	if (grapheme.length === 1 && code >= 0x20 && code < 0x7F) {
		return 1;
	}

	let width = cache.get(grapheme);
	if (width === undefined) {
		width = stringWidth(grapheme);
		if (cache.size >= MAX_CACHED) {
			cache.clear();
		}

		cache.set(grapheme, width);
	}

	return width;
}

// Per BMP code unit: 0 not yet known, 1 narrow, 2 wide, 3 needs grapheme segmentation.
const simpleKinds = new Uint8Array(0x1_00_00);
const COMPLEX = 3;
// Characters that join with a neighbour into one grapheme, or are invisible on their own.
const joining = /[\p{Grapheme_Extend}\p{Mc}\p{Cf}\p{Cc}\p{Zl}\p{Zp}]/u;

function isHangulJamo(code: number): boolean {
	return (code >= 0x11_00 && code <= 0x11_FF) || (code >= 0xA9_60 && code <= 0xA9_7F) || (code >= 0xD7_B0 && code <= 0xD7_FF);
}

/**
The cell width of a BMP code unit that is a grapheme on its own whatever surrounds it
(1 or 2), or 0 when it may combine with a neighbour (marks, joiners, variation selectors,
jamo, surrogates) or is invisible: text made only of simple code units needs no
segmentation, which is most of the chrome (box drawing, symbols, CJK).
*/
export function simpleWidth(code: number): number {
	let kind = simpleKinds[code]!;
	if (kind === 0) {
		const char = String.fromCharCode(code);
		if ((code >= 0xD8_00 && code <= 0xDF_FF) || isHangulJamo(code) || joining.test(char)) {
			kind = COMPLEX;
		} else {
			const width = stringWidth(char);
			kind = width === 1 || width === 2 ? width : COMPLEX;
		}

		simpleKinds[code] = kind;
	}

	return kind === COMPLEX ? 0 : kind;
}

const segmenter = new Intl.Segmenter();

/** Split text into graphemes (user-perceived characters). */
export function* graphemes(text: string): Generator<string> {
	for (const {segment} of segmenter.segment(text)) {
		yield segment;
	}
}
