import {createHash, randomBytes} from 'node:crypto';
import type {AuthChallenge} from './www-authenticate.js';

/** RFC 7616 §3.3 algorithms camtop answers; `-sess` variants hash the nonces into HA1. */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';

export type DigestChallenge = {
	readonly realm: string;
	readonly nonce: string;
	readonly opaque: string | undefined;
	readonly algorithm: DigestAlgorithm;
	/** The qop chosen from the offered ones; undefined for an RFC 2069 challenge without qop. */
	readonly qop: 'auth' | 'auth-int' | undefined;
	/** The nonce expired; the credentials were right (RFC 7616 §3.3 `stale`). */
	readonly stale: boolean;
	readonly userhash: boolean;
};

const ALGORITHMS: ReadonlyMap<string, DigestAlgorithm> = new Map([
	['md5', 'MD5'],
	['md5-sess', 'MD5-sess'],
	['sha-256', 'SHA-256'],
	['sha-256-sess', 'SHA-256-sess'],
]);

/** Preference when a camera offers several Digest challenges (RFC 7616 §3.7: strongest first). */
const STRENGTH: Readonly<Record<DigestAlgorithm, number>> = {'SHA-256': 4, 'SHA-256-sess': 3, MD5: 2, 'MD5-sess': 1};

/** A Digest challenge camtop can answer, or undefined (unknown algorithm, no nonce, only unknown qops). */
export function toDigestChallenge(challenge: AuthChallenge): DigestChallenge | undefined {
	if (challenge.scheme !== 'digest') {
		return undefined;
	}

	const {params} = challenge;
	const nonce = params.get('nonce');
	const algorithm = ALGORITHMS.get((params.get('algorithm') ?? 'MD5').toLowerCase());
	if (nonce === undefined || algorithm === undefined) {
		return undefined;
	}

	let qop: DigestChallenge['qop'];
	const offered = params.get('qop');
	if (offered !== undefined) {
		const options = new Set(offered.split(',').map(option => option.trim().toLowerCase()));
		// A GET has an empty body, so auth-int costs nothing; still prefer plain auth.
		qop = options.has('auth') ? 'auth' : (options.has('auth-int') ? 'auth-int' : undefined);
		if (qop === undefined) {
			return undefined;
		}
	}

	return {
		realm: params.get('realm') ?? '',
		nonce,
		opaque: params.get('opaque'),
		algorithm,
		qop,
		stale: params.get('stale')?.toLowerCase() === 'true',
		userhash: params.get('userhash')?.toLowerCase() === 'true',
	};
}

/** The strongest Digest challenge camtop can answer among `challenges`. */
export function pickDigestChallenge(challenges: readonly AuthChallenge[]): DigestChallenge | undefined {
	let best: DigestChallenge | undefined;
	for (const challenge of challenges) {
		const digest = toDigestChallenge(challenge);
		if (digest && (best === undefined || STRENGTH[digest.algorithm] > STRENGTH[best.algorithm])) {
			best = digest;
		}
	}

	return best;
}

function hash(algorithm: DigestAlgorithm, text: string): string {
	return createHash(algorithm.startsWith('SHA-256') ? 'sha256' : 'md5').update(text, 'utf8').digest('hex');
}

/** A quoted-string (RFC 9110 §5.6.4) with `"` and `\` escaped. */
function quote(value: string): string {
	return `"${value.replaceAll(/["\\]/g, String.raw`\$&`)}"`;
}

export type DigestInput = {
	readonly challenge: DigestChallenge;
	readonly username: string;
	readonly password: string;
	readonly method: string;
	/** The request-target: path and query, as sent on the request line. */
	readonly uri: string;
	/** Times this nonce has been used, this request included (from 1). */
	readonly nonceCount: number;
	/** Fresh random per request when not given (tests pass RFC 7616's). */
	readonly cnonce?: string;
};

/** The `response` value and the full `Authorization` header value (RFC 7616 §3.4). */
export function digestAuthorization(input: DigestInput): {response: string; header: string} {
	const {challenge, username, password, method, uri} = input;
	const {algorithm, realm, nonce, qop} = challenge;
	const cnonce = input.cnonce ?? randomBytes(16).toString('hex');
	const nc = input.nonceCount.toString(16).padStart(8, '0');
	let ha1 = hash(algorithm, `${username}:${realm}:${password}`);
	if (algorithm.endsWith('-sess')) {
		ha1 = hash(algorithm, `${ha1}:${nonce}:${cnonce}`);
	}

	// auth-int hashes the body; a GET has none (RFC 7616 §3.4.3).
	const ha2 = hash(algorithm, qop === 'auth-int' ? `${method}:${uri}:${hash(algorithm, '')}` : `${method}:${uri}`);
	const response = qop === undefined
		? hash(algorithm, `${ha1}:${nonce}:${ha2}`)
		: hash(algorithm, `${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);

	const parts: string[] = [];
	if (challenge.userhash) {
		// RFC 7616 §3.4.4: the username travels hashed with the realm.
		parts.push(`username=${quote(hash(algorithm, `${username}:${realm}`))}`, 'userhash=true');
	} else if (/^[\u0020-\u007E]*$/.test(username)) {
		parts.push(`username=${quote(username)}`);
	} else {
		// RFC 7616 §3.4.4 / RFC 8187: a username outside ASCII goes in username*.
		parts.push(`username*=UTF-8''${encodeURIComponent(username)}`);
	}

	parts.push(`realm=${quote(realm)}`, `uri=${quote(uri)}`, `algorithm=${algorithm}`, `nonce=${quote(nonce)}`);
	if (qop !== undefined) {
		parts.push(`nc=${nc}`, `cnonce=${quote(cnonce)}`, `qop=${qop}`);
	}

	parts.push(`response=${quote(response)}`);
	if (challenge.opaque !== undefined) {
		parts.push(`opaque=${quote(challenge.opaque)}`);
	}

	return {response, header: `Digest ${parts.join(', ')}`};
}
