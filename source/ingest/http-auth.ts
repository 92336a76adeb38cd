import {digestAuthorization, pickDigestChallenge, type DigestChallenge} from './digest-auth.js';
import type {AuthMode} from './source-types.js';
import {parseWwwAuthenticate} from './www-authenticate.js';

export type Credentials = {readonly username: string; readonly password: string};

/** What a request sent: nothing, credentials from an earlier exchange, or an answer to a challenge in this one. */
export type SentAuth = 'none' | 'cached' | 'answered';

export type ChallengeOutcome =
	| {readonly retry: true}
	| {readonly retry: false; readonly message: string};

/** Bound on the scheme names echoed in a message (they are camera text). */
const MAX_SCHEMES_SHOWN = 3;

/**
Credentials for one camera over HTTP, and what the camera asked for. Nothing is sent
unasked unless the mode is `basic`; after a challenge was answered, later requests to
the same camera (snapshot polls) send the answer up front: Basic as is, Digest with the
same nonce and the next nonce count (RFC 7616 §3.4), which saves a round trip per poll.
*/
export class HttpAuth {
	readonly #credentials: Credentials | undefined;
	readonly #mode: AuthMode;
	#basic: boolean;
	#digest: {challenge: DigestChallenge; count: number} | undefined;

	constructor(credentials: Credentials | undefined, mode: AuthMode = 'auto') {
		this.#credentials = credentials;
		this.#mode = mode;
		this.#basic = mode === 'basic' && credentials !== undefined;
	}

	get hasCredentials(): boolean {
		return this.#credentials !== undefined;
	}

	/** The Authorization value for a GET of `target` (path and query), or undefined to send none. */
	authorization(target: string): string | undefined {
		const credentials = this.#credentials;
		if (credentials === undefined) {
			return undefined;
		}

		if (this.#digest) {
			this.#digest.count++;
			return digestAuthorization({
				challenge: this.#digest.challenge,
				username: credentials.username,
				password: credentials.password,
				method: 'GET',
				uri: target,
				nonceCount: this.#digest.count,
			}).header;
		}

		if (this.#basic) {
			// RFC 7617 §2: user-id ":" password, UTF-8, base64.
			return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
		}

		return undefined;
	}

	/** A 401 came back with these `WWW-Authenticate` values, after sending `sent`. */
	challenged(wwwAuthenticate: string | readonly string[] | undefined, sent: SentAuth): ChallengeOutcome {
		const challenges = parseWwwAuthenticate(wwwAuthenticate);
		if (this.#credentials === undefined) {
			return {retry: false, message: 'the camera asks for a username and password, and none are configured'};
		}

		const digest = pickDigestChallenge(challenges);
		if (digest) {
			// A stale nonce means the password was right (RFC 7616 §3.3); a nonce from an
			// earlier exchange may simply have expired. Either way, answer the new challenge.
			if (sent === 'answered' && !digest.stale) {
				return rejected();
			}

			this.#digest = {challenge: digest, count: 0};
			this.#basic = false;
			return {retry: true};
		}

		if (challenges.some(challenge => challenge.scheme === 'basic')) {
			if (this.#mode === 'digest') {
				return {retry: false, message: 'the camera offers only Basic auth, which sends the password in the clear, and "auth" is "digest"'};
			}

			if (sent !== 'none' && this.#basic) {
				return rejected();
			}

			this.#basic = true;
			this.#digest = undefined;
			return {retry: true};
		}

		const schemes = challenges.slice(0, MAX_SCHEMES_SHOWN).map(challenge => challenge.scheme.replaceAll(/[^\w-]/g, '').slice(0, 20));
		return {retry: false, message: schemes.length === 0
			? 'the camera answered 401 without saying which auth it wants (no WWW-Authenticate)'
			: `the camera asks for auth that camtop does not speak (${schemes.join(', ')}); Basic and Digest are supported`};
	}
}

function rejected(): ChallengeOutcome {
	return {retry: false, message: 'the camera refused the username or password'};
}
