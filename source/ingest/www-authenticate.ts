/** One challenge of a `WWW-Authenticate` header: the scheme lower-cased, parameter names lower-cased. */
export type AuthChallenge = {
	readonly scheme: string;
	readonly params: ReadonlyMap<string, string>;
};

/** RFC 9110 §5.6.2 tchar. */
const isTokenChar = (char: string): boolean => /^[\w!#$%&'*+.^`|~-]$/.test(char);
const isSpace = (char: string | undefined): boolean => char === ' ' || char === '\t';

/** Bound on the text parsed, so a hostile camera cannot make this loop long. */
const MAX_HEADER_CHARS = 16 * 1024;

/**
Parse `WWW-Authenticate` values (RFC 9110 §11.6.1): one header may hold several
challenges separated by commas (`Digest realm="a", nonce="b", Basic realm="c"`), and a
response may send several headers. Lenient: unparseable bits are skipped; never throws.
A token68 (no scheme camtop answers uses one) is ignored.
*/
export function parseWwwAuthenticate(values: string | readonly string[] | undefined): AuthChallenge[] {
	const list = values === undefined ? [] : (typeof values === 'string' ? [values] : values);
	const challenges: AuthChallenge[] = [];
	for (const value of list) {
		parseOne(value.slice(0, MAX_HEADER_CHARS), challenges);
	}

	return challenges;
}

function parseOne(text: string, out: AuthChallenge[]): void {
	let index = 0;
	let current: Map<string, string> | undefined;
	const readToken = (): string => {
		const start = index;
		while (index < text.length && isTokenChar(text[index] ?? '')) {
			index++;
		}

		return text.slice(start, index);
	};

	const skipSpace = () => {
		while (isSpace(text[index])) {
			index++;
		}
	};

	while (index < text.length) {
		skipSpace();
		if (text[index] === ',') {
			index++;
			continue;
		}

		const token = readToken();
		if (token === '') {
			// Not a token character: skip it, a hostile header must not stop the parse.
			index++;
			continue;
		}

		skipSpace();
		if (text[index] === '=' && current !== undefined) {
			index++;
			skipSpace();
			current.set(token.toLowerCase(), readValue());
			continue;
		}

		if (text[index] === '=') {
			// A parameter before any scheme, or a token68: nothing to attach it to.
			while (index < text.length && text[index] !== ',') {
				index++;
			}

			continue;
		}

		current = new Map();
		out.push({scheme: token.toLowerCase(), params: current});
	}

	function readValue(): string {
		if (text[index] !== '"') {
			return readToken();
		}

		index++;
		let value = '';
		while (index < text.length && text[index] !== '"') {
			// quoted-pair (RFC 9110 §5.6.4): a backslash escapes the next character.
			if (text[index] === '\\' && index + 1 < text.length) {
				index++;
			}

			value += text[index];
			index++;
		}

		index++;
		return value;
	}
}
