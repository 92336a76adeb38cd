import {readFileSync} from 'node:fs';
import type {IncomingMessage} from 'node:http';
import got, {type Request} from 'got';
import {CamtopError} from '../errors.js';
import {redactSecrets} from '../url-redact.js';
import type {HttpAuth, SentAuth} from './http-auth.js';
import {parseRetryAfter} from './retry-after.js';
import {HttpStatusError, reasonPhrase, toSourceError, type ErrorContext} from './source-errors.js';

/** Redirects followed before giving up (browsers allow 20; a camera needs one or two). */
export const MAX_REDIRECTS = 5;

/** 401 answers tried again within one request: a challenge, then a stale nonce. */
const MAX_AUTH_RETRIES = 2;

export type HttpRequestOptions = {
	/** Without userinfo: credentials live in `auth`. */
	url: URL;
	headers: Record<string, string>;
	insecure: boolean;
	/** Path of a PEM file of CA certificates to trust. */
	ca: string | undefined;
	timeouts: ErrorContext['timeouts'];
};

export type HttpResponseHandlers = {
	/** A 2xx response: its body is `stream`, which the caller now owns (errors included). */
	onResponse(stream: Request, response: IncomingMessage): void;
	onError(error: CamtopError): void;
};

/** Same host and port, and no step down from https to http: only then may credentials and headers follow. */
export function mayKeepCredentials(from: URL, to: URL): boolean {
	return from.host === to.host && !(from.protocol === 'https:' && to.protocol === 'http:');
}

function readCa(path: string): Buffer {
	try {
		return readFileSync(path);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		throw new CamtopError('ERR_CONFIG', `cannot read the CA file ${path} (${code})`);
	}
}

/**
One GET, with what a camera needs around it: answers 401 challenges through `auth`,
follows redirects itself so that credentials and custom headers go only to the
configured host (never across a redirect to another host, never down to plain http),
verifies TLS unless `insecure`, and trusts `ca` when given. got does no retries and no
redirects here. Returns a handle whose close() stops whatever is in flight.
*/
export function requestWithAuth(options: HttpRequestOptions, auth: HttpAuth, context: ErrorContext, handlers: HttpResponseHandlers): {close(): void} {
	let active: Request | undefined;
	let done = false;
	const origin = options.url;

	const fail = (error: CamtopError) => {
		if (!done) {
			done = true;
			active?.destroy();
			handlers.onError(error);
		}
	};

	let ca: Buffer | undefined;
	try {
		ca = options.ca === undefined ? undefined : readCa(options.ca);
	} catch (error) {
		queueMicrotask(() => {
			fail(error as CamtopError);
		});
		return {close() {
			done = true;
		}};
	}

	const attempt = (url: URL, trusted: boolean, hops: number, authRetries: number, answered: boolean) => {
		const target = `${url.pathname}${url.search}`;
		const authorization = trusted ? auth.authorization(target) : undefined;
		const sent: SentAuth = authorization === undefined ? 'none' : (answered ? 'answered' : 'cached');
		const stream = got.stream(url, {
			headers: {
				'user-agent': 'camtop',
				...(trusted ? options.headers : {}),
				...(authorization === undefined ? {} : {authorization}),
			},
			retry: {limit: 0},
			followRedirect: false,
			throwHttpErrors: false,
			// MJPEG is never compressed; asking for gzip only confuses some camera firmware.
			decompress: false,
			https: {rejectUnauthorized: !options.insecure, ...(ca === undefined ? {} : {certificateAuthority: ca})},
			timeout: {
				lookup: options.timeouts.connect,
				connect: options.timeouts.connect,
				secureConnect: options.timeouts.connect,
				response: options.timeouts.response,
				socket: options.timeouts.idle,
			},
		});
		active = stream;
		const mine = () => !done && active === stream;
		stream.on('error', (error: Error) => {
			if (mine()) {
				fail(toSourceError(error, context));
			}
		});
		stream.once('response', (response: IncomingMessage) => {
			if (!mine()) {
				return;
			}

			const status = response.statusCode ?? 0;
			if (status >= 200 && status < 300) {
				done = true;
				handlers.onResponse(stream, response);
				return;
			}

			// The body of a refusal is of no use; closing drops the connection with it.
			stream.destroy();
			const location = response.headers.location;
			if (status >= 300 && status < 400 && location !== undefined) {
				let next: URL;
				try {
					next = new URL(location, url);
				} catch {
					fail(new CamtopError('ERR_CONNECT', `HTTP ${status} redirect from ${context.host} to an invalid URL`));
					return;
				}

				if (hops >= MAX_REDIRECTS) {
					fail(new CamtopError('ERR_CONNECT', `too many redirects from ${context.host} (more than ${MAX_REDIRECTS})`));
					return;
				}

				if (next.protocol !== 'http:' && next.protocol !== 'https:') {
					fail(new CamtopError('ERR_CONNECT', `HTTP ${status} redirect from ${context.host} to an unsupported scheme`));
					return;
				}

				// Userinfo in a Location is never used: it would be credentials the user did not give.
				next.username = '';
				next.password = '';
				attempt(next, trusted && mayKeepCredentials(origin, next), hops + 1, authRetries, false);
				return;
			}

			if (status === 401) {
				if (!trusted) {
					fail(new CamtopError('ERR_AUTH', `auth failed: ${url.host} (reached by a redirect from ${origin.host}) asks for credentials, and camtop sends them only to ${origin.host}`));
					return;
				}

				const outcome = auth.challenged(response.headers['www-authenticate'], sent);
				if (outcome.retry && authRetries < MAX_AUTH_RETRIES) {
					attempt(url, trusted, hops, authRetries + 1, true);
					return;
				}

				const message = outcome.retry ? 'the camera keeps asking for credentials' : outcome.message;
				fail(new CamtopError('ERR_AUTH', redactSecrets(`auth failed: ${message} (HTTP 401 from ${url.host})`, context.secrets)));
				return;
			}

			fail(new HttpStatusError(status, redactSecrets(`HTTP ${status} ${reasonPhrase(status, response.statusMessage)}`.trimEnd(), context.secrets), parseRetryAfter(response.headers['retry-after'])));
		});
	};

	attempt(origin, true, 0, 0, false);
	return {
		close() {
			done = true;
			active?.destroy();
		},
	};
}
