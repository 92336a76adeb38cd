/** What the splitter needs from a Content-Type header value. */
export type ParsedContentType = {
	/** Lower-cased `type/subtype`; empty when the header is missing or empty. */
	mediaType: string;
	/**
	The `boundary` parameter, unquoted, exactly as declared: a camera's
	`boundary=--myboundary` keeps its dashes here (the splitter copes with both readings).
	*/
	boundary: string | undefined;
};

const isSpace = (code: number): boolean => code === 0x20 || code === 0x09;

/**
Parse a Content-Type value leniently (RFC 9110 §8.3, RFC 2046 §5.1.1): parameter names
are case-insensitive, values are a token or a quoted-string, whitespace around `=` and
`;` is tolerated because cameras send it. Never throws.
*/
export function parseContentType(value: string | undefined): ParsedContentType {
	if (value === undefined) {
		return {mediaType: '', boundary: undefined};
	}

	const firstSemicolon = value.indexOf(';');
	const mediaType = (firstSemicolon === -1 ? value : value.slice(0, firstSemicolon)).trim().toLowerCase();
	let boundary: string | undefined;
	let index = firstSemicolon === -1 ? value.length : firstSemicolon + 1;

	while (index < value.length) {
		while (index < value.length && (isSpace(value.charCodeAt(index)) || value[index] === ';')) {
			index++;
		}

		const nameStart = index;
		while (index < value.length && value[index] !== '=' && value[index] !== ';') {
			index++;
		}

		const name = value.slice(nameStart, index).trim().toLowerCase();
		if (value[index] !== '=') {
			// A parameter without a value: nothing to keep.
			continue;
		}

		index++;
		while (index < value.length && isSpace(value.charCodeAt(index))) {
			index++;
		}

		let parameterValue: string;
		if (value[index] === '"') {
			index++;
			let text = '';
			while (index < value.length && value[index] !== '"') {
				// A quoted-pair: the backslash escapes the next character.
				if (value[index] === '\\' && index + 1 < value.length) {
					index++;
				}

				text += value[index];
				index++;
			}

			index++;
			parameterValue = text;
			// Skip anything between the closing quote and the next parameter.
			while (index < value.length && value[index] !== ';') {
				index++;
			}
		} else {
			const valueStart = index;
			while (index < value.length && value[index] !== ';') {
				index++;
			}

			parameterValue = value.slice(valueStart, index).trim();
		}

		if (name === 'boundary' && boundary === undefined && parameterValue.length > 0) {
			boundary = parameterValue;
		}
	}

	return {mediaType, boundary};
}
