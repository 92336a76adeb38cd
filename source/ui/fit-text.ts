import {graphemes, graphemeWidth} from '../render/char-width.js';

/*
Titles and the status line are cut to their width here, on plain text, rather than by
Ink: Ink truncates a too-wide <Text> on every render through slice-ansi on the styled
string and clips a box's text the same way, whatever changed, and that was a third of
the chrome's render time. Widths are measured as Ink measures them (char-width.ts).
*/

/** The cell width of plain text. */
export function textWidth(text: string): number {
	let width = 0;
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code < 0x20 || code >= 0x7F) {
			// Not plain ASCII: measure grapheme by grapheme from here.
			for (const grapheme of graphemes(text.slice(index))) {
				width += graphemeWidth(grapheme);
			}

			return width;
		}

		width++;
	}

	return width;
}

/**
Cut styled segments to `width` cells the way Ink's `truncate-end` does: when the whole is
wider, it keeps what fits in `width - 1` cells and ends with `…`. Segments after the cut are
dropped; the segment cut keeps its style. Returns the segments unchanged when they fit.
*/
export function fitSegments<T extends {readonly text: string}>(segments: readonly T[], width: number): T[] {
	if (width <= 0) {
		return [];
	}

	const widths = segments.map(segment => textWidth(segment.text));
	if (widths.reduce((sum, value) => sum + value, 0) <= width) {
		return [...segments];
	}

	const room = Math.max(0, width - 1);
	const out: T[] = [];
	let used = 0;
	for (const [index, segment] of segments.entries()) {
		const segmentWidth = widths[index]!;
		if (used + segmentWidth <= room) {
			out.push(segment);
			used += segmentWidth;
			continue;
		}

		let text = '';
		for (const grapheme of graphemes(segment.text)) {
			const graphemeCells = graphemeWidth(grapheme);
			if (used + graphemeCells > room) {
				break;
			}

			text += grapheme;
			used += graphemeCells;
		}

		out.push({...segment, text: `${text}…`});
		return out;
	}

	return out;
}
