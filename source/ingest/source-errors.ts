import http from 'node:http';
import {HTTPError, MaxRedirectsError, RequestError, TimeoutError} from 'got';
import {CamtopError} from '../errors.js';
import {redactSecrets} from '../url-redact.js';

/** A non-2xx answer; `statusCode` lets the camera tell lasting failures (401, 404) from passing ones (503). */
export class HttpStatusError extends CamtopError {
	readonly statusCode: number;
	/** The answer's Retry-After in ms (e.g. with a 503 or 429), when it had one. */
	readonly retryAfterMs: number | undefined;

	constructor(statusCode: number, message: string, retryAfterMs?: number) {
		super('ERR_HTTP_STATUS', message);
		this.statusCode = statusCode;
		this.retryAfterMs = retryAfterMs;
	}
}

/** Transport error codes that mean "could not reach the server" rather than "the stream broke". */
const CONNECT_CODES: Readonly<Record<string, string>> = {
	ECONNREFUSED: 'connection refused',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host name lookup failed (temporary DNS failure)',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
	EHOSTDOWN: 'host is down',
	ECONNRESET: 'connection reset by the server',
	EPIPE: 'connection closed by the server',
};

/** OpenSSL / Node verification failures: the certificate, not the network, is the problem. */
const TLS_CODES: Readonly<Record<string, string>> = {
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
	SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in the chain',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'certificate issuer unknown',
	UNABLE_TO_GET_ISSUER_CERT: 'certificate issuer unknown',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'certificate issuer unknown',
	CERT_HAS_EXPIRED: 'certificate expired',
	CERT_NOT_YET_VALID: 'certificate not yet valid',
	ERR_TLS_CERT_ALTNAME_INVALID: 'certificate is for another host name',
	CERT_SIGNATURE_FAILURE: 'certificate signature invalid',
};

export type ErrorContext = {
	/** host:port, for messages. */
	host: string;
	secrets: ReadonlyArray<string | undefined>;
	gotResponse: boolean;
	timeouts: {connect: number; response: number; idle: number};
};

/** The system error code (ECONNREFUSED, ENOTFOUND, …) of a source error, when it has one. */
export function systemCodeOf(error: CamtopError): string | undefined {
	const {cause} = error;
	return cause instanceof Error && typeof (cause as NodeJS.ErrnoException).code === 'string'
		? (cause as NodeJS.ErrnoException).code
		: undefined;
}

/** A plain cause with the system code and a redacted message, never got's error (it holds the options, password included). */
export function safeCause(code: string | undefined, message: string): Error {
	const cause: NodeJS.ErrnoException = new Error(message);
	if (code !== undefined) {
		cause.code = code;
	}

	return cause;
}

/** The server's reason phrase is camera-controlled text: prefer the standard one. */
export function reasonPhrase(statusCode: number, sent: string | undefined): string {
	return http.STATUS_CODES[statusCode] ?? (sent ?? '').replaceAll(/[^\x20-\x7E]/g, '').slice(0, 60);
}

function timeoutError(error: TimeoutError, context: ErrorContext): CamtopError {
	const {connect, response, idle} = context.timeouts;
	switch (error.event) {
		case 'lookup':
		case 'connect':
		case 'secureConnect': {
			return new CamtopError('ERR_TIMEOUT', `could not connect to ${context.host} within ${connect} ms`);
		}

		case 'response': {
			return new CamtopError('ERR_TIMEOUT', `no response headers from ${context.host} within ${response} ms`);
		}

		default: {
			// The socket timeout is an idle detector: it resets on every byte (got docs, 6-timeout.md).
			return context.gotResponse
				? new CamtopError('ERR_TIMEOUT', `no data from ${context.host} for ${idle} ms`)
				: new CamtopError('ERR_TIMEOUT', `no response from ${context.host} within ${idle} ms`);
		}
	}
}

/** The message for an untrusted certificate, with the two ways out. */
export function tlsMessage(host: string, code: string): string {
	return `TLS certificate of ${host} not trusted: ${TLS_CODES[code] ?? code} (${code}); give its CA with "ca": "file.pem", or set "insecure": true`;
}

/** Turn whatever a network source failed with into a CamtopError whose message names the cause and holds no credentials. */
export function toSourceError(error: unknown, context: ErrorContext): CamtopError {
	if (error instanceof CamtopError) {
		return error;
	}

	if (error instanceof HTTPError) {
		const {statusCode, statusMessage} = error.response;
		return new HttpStatusError(statusCode, redactSecrets(`HTTP ${statusCode} ${reasonPhrase(statusCode, statusMessage)}`.trimEnd(), context.secrets));
	}

	if (error instanceof TimeoutError) {
		return timeoutError(error, context);
	}

	const raw = error instanceof Error ? error.message : String(error);
	const detail = redactSecrets(raw, context.secrets);
	if (error instanceof MaxRedirectsError) {
		return new CamtopError('ERR_CONNECT', `too many redirects from ${context.host}`);
	}

	const code = error instanceof RequestError ? error.code : (error as NodeJS.ErrnoException | undefined)?.code;
	const cause = safeCause(code, detail);
	if (code !== undefined && TLS_CODES[code] !== undefined) {
		return new CamtopError('ERR_TLS', tlsMessage(context.host, code), {cause});
	}

	// Node's HTTP parser refused the answer: the server answered, it is not a connection problem.
	if (code === 'HPE_HEADER_OVERFLOW') {
		return new CamtopError('ERR_STREAM', `response headers from ${context.host} too large (header overflow: over Node's 16 KiB limit)`, {cause});
	}

	if (code?.startsWith('HPE_')) {
		return new CamtopError('ERR_STREAM', `invalid HTTP answer from ${context.host}: ${detail}`, {cause});
	}

	const known = code === undefined ? undefined : CONNECT_CODES[code];
	if (!context.gotResponse && known !== undefined) {
		return new CamtopError('ERR_CONNECT', `${known}: ${context.host} (${code})`, {cause});
	}

	if (!context.gotResponse) {
		return new CamtopError('ERR_CONNECT', `cannot connect to ${context.host}: ${detail}`, {cause});
	}

	return new CamtopError('ERR_STREAM', `stream from ${context.host} broke: ${detail}`, {cause});
}
