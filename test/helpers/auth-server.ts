import {createHash, randomBytes} from 'node:crypto';
import type http from 'node:http';

/**
Server-side HTTP auth for test servers, written from RFC 7617 and RFC 7616 on its own
(it shares no code with camtop's client), so a test shows camtop interoperates with an
independent implementation.
*/
export type AuthGateOptions = {
	readonly schemes: ReadonlyArray<'basic' | 'digest-md5' | 'digest-sha256'>;
	readonly username: string;
	readonly password: string;
	readonly realm?: string;
	/** A nonce is good for this many requests, then answered with stale=true. */
	readonly nonceUses?: number;
};

export type AuthGate = {
	/** True when the request may pass; otherwise the 401 is already sent. */
	check(request: http.IncomingMessage, response: http.ServerResponse): boolean;
	/** Every Authorization header seen (undefined for none), in order. */
	readonly seen: Array<string | undefined>;
	/** Digest nc values accepted, in order. */
	readonly counts: number[];
};

const H = (algorithm: string, text: string) => createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5').update(text).digest('hex');

function params(header: string): Map<string, string> {
	const map = new Map<string, string>();
	for (const match of header.matchAll(/([\w*-]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g)) {
		map.set(match[1]!.toLowerCase(), match[2] === undefined ? match[3]! : match[2].replaceAll(/\\(.)/g, '$1'));
	}

	return map;
}

export function authGate(options: AuthGateOptions): AuthGate {
	const realm = options.realm ?? 'camtop-test';
	const nonceUses = options.nonceUses ?? Number.POSITIVE_INFINITY;
	const nonces = new Map<string, {uses: number; lastCount: number}>();
	const seen: Array<string | undefined> = [];
	const counts: number[] = [];

	const challenge = (response: http.ServerResponse, stale: boolean) => {
		const values: string[] = [];
		for (const scheme of options.schemes) {
			if (scheme === 'basic') {
				values.push(`Basic realm="${realm}", charset="UTF-8"`);
			} else {
				const nonce = randomBytes(12).toString('base64');
				nonces.set(nonce, {uses: 0, lastCount: 0});
				const algorithm = scheme === 'digest-md5' ? 'MD5' : 'SHA-256';
				values.push(`Digest realm="${realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="op4que"${stale ? ', stale=true' : ''}`);
			}
		}

		response.writeHead(401, {'www-authenticate': values, 'content-type': 'text/plain'});
		response.end('unauthorized');
	};

	const digestOk = (header: string, method: string, url: string): boolean | 'stale' => {
		const p = params(header.slice('Digest '.length));
		const algorithm = p.get('algorithm') ?? 'MD5';
		const nonce = p.get('nonce') ?? '';
		const state = nonces.get(nonce);
		const nc = Number.parseInt(p.get('nc') ?? '', 16);
		if (p.get('username') !== options.username || p.get('realm') !== realm || p.get('uri') !== url || p.get('opaque') !== 'op4que' || p.get('qop') !== 'auth') {
			return false;
		}

		const ha1 = H(algorithm, `${options.username}:${realm}:${options.password}`);
		const expected = H(algorithm, `${ha1}:${nonce}:${p.get('nc')}:${p.get('cnonce')}:auth:${H(algorithm, `${method}:${url}`)}`);
		if (expected !== p.get('response')) {
			return false;
		}

		// Right password; the nonce must be known, fresh and its count must grow (RFC 7616 §3.4: replay protection).
		if (state === undefined || state.uses >= nonceUses || !(nc > state.lastCount)) {
			return 'stale';
		}

		state.uses++;
		state.lastCount = nc;
		counts.push(nc);
		return true;
	};

	return {
		seen,
		counts,
		check(request, response) {
			const header = request.headers.authorization;
			seen.push(header);
			if (header?.startsWith('Basic ') && options.schemes.includes('basic')) {
				const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
				if (decoded === `${options.username}:${options.password}`) {
					return true;
				}
			}

			if (header?.startsWith('Digest ')) {
				const outcome = digestOk(header, request.method ?? 'GET', request.url ?? '/');
				if (outcome === true) {
					return true;
				}

				challenge(response, outcome === 'stale');
				return false;
			}

			challenge(response, false);
			return false;
		},
	};
}
