/**
Hide credentials before a URL or a message reaches the screen, a log or an error.

Works on the text as typed (no `new URL()` round trip), so everything that is not a
secret is shown exactly as the user wrote it, and a URL that does not parse is still
redacted.
*/

const MASK = '***';

/** Query parameters that cameras commonly use to carry credentials (e.g. `snapshot.cgi?user=admin&pwd=…`). */
const SECRET_QUERY_NAMES: ReadonlySet<string> = new Set(['user', 'usr', 'password', 'pwd', 'pass', 'token', 'auth']);

function decodeName(name: string): string {
	try {
		return decodeURIComponent(name.replaceAll('+', ' ')).toLowerCase();
	} catch {
		return name.toLowerCase();
	}
}

function redactQuery(query: string): string {
	return query
		.split('&')
		.map(pair => {
			const equals = pair.indexOf('=');
			if (equals === -1) {
				return pair;
			}

			const name = pair.slice(0, equals);
			return SECRET_QUERY_NAMES.has(decodeName(name)) ? `${name}=${MASK}` : pair;
		})
		.join('&');
}

/**
A password holding an unencoded '/' (`http://user:pa/ss@host/`) makes the URL invalid,
but the text still holds a secret: when the strict authority has a ':' that is not a
port and an '@' follows in the path, treat everything up to that '@' as userinfo.
*/
function widenForBrokenUserinfo(rest: string, authorityEnd: number): number {
	if (authorityEnd === -1 || rest[authorityEnd] !== '/') {
		return authorityEnd;
	}

	const authority = rest.slice(0, authorityEnd);
	const colon = authority.lastIndexOf(':');
	// An IPv6 literal or a real port means the strict parse was right.
	if (authority.startsWith('[') || authority.includes('@') || colon === -1 || /^\d{0,5}$/.test(authority.slice(colon + 1))) {
		return authorityEnd;
	}

	const beforeQuery = rest.slice(0, rest.search(/[?#]|$/));
	const at = beforeQuery.lastIndexOf('@');
	if (at === -1) {
		return authorityEnd;
	}

	const after = beforeQuery.slice(at + 1).search(/\//);
	return after === -1 ? beforeQuery.length : at + 1 + after;
}

/** The URL with the userinfo password and credential-like query values replaced by `***`. */
export function redactUrl(url: string): string {
	let rest = url;
	let prefix = '';
	const scheme = /^[a-z][\w+.-]*:\/\//i.exec(rest);
	if (scheme) {
		prefix = scheme[0];
		rest = rest.slice(prefix.length);
	}

	// RFC 3986 §3.2: the authority ends at the first '/', '?' or '#'; userinfo ends at its last '@'.
	let authorityEnd = rest.search(/[/?#]/);
	authorityEnd = widenForBrokenUserinfo(rest, authorityEnd);
	const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
	let tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
	const at = authority.lastIndexOf('@');
	let shownAuthority = authority;
	if (at !== -1) {
		const userinfo = authority.slice(0, at);
		const colon = userinfo.indexOf(':');
		if (colon !== -1) {
			shownAuthority = `${userinfo.slice(0, colon)}:${MASK}${authority.slice(at)}`;
		}
	}

	const queryStart = tail.indexOf('?');
	if (queryStart !== -1) {
		const hash = tail.indexOf('#', queryStart);
		const queryEnd = hash === -1 ? tail.length : hash;
		tail = tail.slice(0, queryStart + 1) + redactQuery(tail.slice(queryStart + 1, queryEnd)) + tail.slice(queryEnd);
	}

	return prefix + shownAuthority + tail;
}

/**
`text` with every occurrence of each secret (as given, and percent-encoded as it would
appear inside a URL) replaced by `***`. Empty secrets are ignored.
*/
export function redactSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
	const needles = new Set<string>();
	for (const secret of secrets) {
		if (secret) {
			needles.add(secret);
			needles.add(encodeURIComponent(secret));
		}
	}

	// Longest first, so a secret that contains another is masked whole.
	let result = text;
	for (const needle of [...needles].sort((a, b) => b.length - a.length)) {
		result = result.replaceAll(needle, MASK);
	}

	return result;
}
