/**
Make text that came from outside (camera names, URLs, headers, error messages) safe to
draw: C0 controls, DEL, C1 controls (including the single byte 0x9B that some terminals
read as CSI) and ESC become visible `\xNN` escapes, so nothing a camera sends can start a
terminal escape sequence or move the cursor. Tabs become a space.
*/
export function sanitizeText(text: string): string {
	// eslint-disable-next-line no-control-regex -- matching control characters is the point
	return text.replaceAll(/[\u0000-\u001F\u007F-\u009F]/g, character => {
		if (character === '\t') {
			return ' ';
		}

		return `\\x${character.codePointAt(0)!.toString(16).padStart(2, '0')}`;
	});
}

/**
sanitizeText for multi-line text (an error with its stack): each line made safe on its
own, line breaks kept, a CR before a line break dropped.
*/
export function sanitizeLines(text: string): string {
	return text.split(/\r?\n/).map(line => sanitizeText(line)).join('\n');
}

/** Shorten to at most `width` characters, ending with an ellipsis when cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}
