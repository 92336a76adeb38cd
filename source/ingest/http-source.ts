import http from 'node:http';
import {pipeline, Writable} from 'node:stream';
import got, {HTTPError, MaxRedirectsError, RequestError, TimeoutError, type Request} from 'got';
import {CamtopError} from '../errors.js';
import {redactSecrets, redactUrl} from '../url-redact.js';

export type HttpSourceHandlers = {
	onResponse(info: {statusCode: number; contentType: string | undefined; headers: Record<string, string | string[] | undefined>}): void;
	onData(chunk: Uint8Array): void;
	/** The server ended the stream cleanly. */
	onEnd(): void;
	/** Any failure; called at most once, never after onEnd, never after close(). */
	onError(error: CamtopError): void;
};

export type HttpSourceOptions = {
	url: string;
	username?: string;
	password?: string;
	headers?: Record<string, string>;
	/** DNS lookup + TCP (+ TLS) connect. */
	connectTimeoutMs?: number;
	/** From the request being sent to the response headers. */
	responseTimeoutMs?: number;
	/** No bytes at all on the socket for this long. */
	idleTimeoutMs?: number;
};

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 10_000;
export const DEFAULT_IDLE_TIMEOUT_MS = 10_000;

/** A non-2xx answer; `statusCode` lets the camera tell lasting failures (401, 404) from passing ones (503). */
export class HttpStatusError extends CamtopError {
	readonly statusCode: number;

	constructor(statusCode: number, message: string) {
		super('ERR_HTTP_STATUS', message);
		this.statusCode = statusCode;
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

type Context = {
	shownUrl: string;
	host: string;
	secrets: Array<string | undefined>;
	gotResponse: boolean;
	timeouts: {connect: number; response: number; idle: number};
};

function hostOf(url: string): string {
	try {
		return new URL(url).host;
	} catch {
		return redactUrl(url);
	}
}

function passwordOf(url: string): string | undefined {
	try {
		const {password} = new URL(url);
		return password ? decodeURIComponent(password) : undefined;
	} catch {
		return undefined;
	}
}

/** Why `url` cannot be requested, or undefined when it can. */
function checkUrl(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'not a valid URL';
	}

	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		return `unsupported scheme ${parsed.protocol} (use http: or https:)`;
	}

	return undefined;
}

/** The server's reason phrase is camera-controlled text: prefer the standard one. */
function reasonPhrase(statusCode: number, sent: string | undefined): string {
	return http.STATUS_CODES[statusCode] ?? (sent ?? '').replaceAll(/[^\x20-\x7E]/g, '').slice(0, 60);
}

function statusError(error: HTTPError, context: Context): CamtopError {
	const {statusCode, statusMessage, headers} = error.response;
	let message = `HTTP ${statusCode} ${reasonPhrase(statusCode, statusMessage)}`.trimEnd();
	if (statusCode === 401) {
		const challenge = String(headers['www-authenticate'] ?? '');
		message += /^\s*digest/i.test(challenge)
			? ' (the camera asks for Digest auth; only Basic auth is supported)'
			: ' (check username and password)';
	}

	return new HttpStatusError(statusCode, redactSecrets(message, context.secrets));
}

function timeoutError(error: TimeoutError, context: Context): CamtopError {
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

/** The system error code (ECONNREFUSED, ENOTFOUND, …) of a source error, when it has one. */
export function systemCodeOf(error: CamtopError): string | undefined {
	const {cause} = error;
	return cause instanceof Error && typeof (cause as NodeJS.ErrnoException).code === 'string'
		? (cause as NodeJS.ErrnoException).code
		: undefined;
}

function safeCause(code: string | undefined, message: string): Error {
	const cause: NodeJS.ErrnoException = new Error(message);
	if (code !== undefined) {
		cause.code = code;
	}

	return cause;
}

/** Turn whatever failed into a CamtopError whose message names the cause and holds no credentials. */
function toSourceError(error: unknown, context: Context): CamtopError {
	if (error instanceof CamtopError) {
		return error;
	}

	if (error instanceof HTTPError) {
		return statusError(error, context);
	}

	if (error instanceof TimeoutError) {
		return timeoutError(error, context);
	}

	const raw = error instanceof Error ? error.message : String(error);
	const detail = redactSecrets(raw, context.secrets);
	if (error instanceof MaxRedirectsError) {
		return new CamtopError('ERR_CONNECT', `too many redirects from ${context.shownUrl}`);
	}

	const code = error instanceof RequestError ? error.code : (error as NodeJS.ErrnoException | undefined)?.code;
	const known = code === undefined ? undefined : CONNECT_CODES[code];
	// A cause without got's error object (which holds the options, password included), but with the system code.
	const cause = safeCause(code, detail);
	if (!context.gotResponse && known !== undefined) {
		return new CamtopError('ERR_CONNECT', `${known}: ${context.host} (${code})`, {cause});
	}

	if (!context.gotResponse) {
		return new CamtopError('ERR_CONNECT', `cannot connect to ${context.host}: ${detail}`, {cause});
	}

	return new CamtopError('ERR_STREAM', `stream from ${context.host} broke: ${detail}`, {cause});
}

/**
Open an endless HTTP GET (an MJPEG stream) and hand its bytes to `handlers`.

got does no retries here: the Camera owns reconnecting and backoff. There is no
`request` timeout, which would cut an endless stream; the `socket` timeout acts as
the idle detector instead.

Errors passed to `onError` never carry got's error as `cause` (it holds the request
options, credentials included); transport errors get a plain redacted `cause` with the
system `code` instead (see `systemCodeOf`).
*/
export function openHttpSource(options: HttpSourceOptions, handlers: HttpSourceHandlers): {close(): void} {
	const context: Context = {
		shownUrl: redactUrl(options.url),
		host: hostOf(options.url),
		secrets: [options.password, passwordOf(options.url)],
		gotResponse: false,
		timeouts: {
			connect: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
			response: options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
			idle: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
		},
	};
	// Once settled (ended, failed or closed) no handler is called again.
	let settled = false;
	let stream: Request | undefined;

	const fail = (error: unknown) => {
		if (!settled) {
			settled = true;
			stream?.destroy();
			handlers.onError(toSourceError(error, context));
		}
	};

	const invalid = checkUrl(options.url);
	if (invalid !== undefined) {
		const configError = new CamtopError('ERR_CONFIG', `cannot request ${context.shownUrl}: ${invalid}`);
		// Report asynchronously so the caller always holds the handle before any callback.
		queueMicrotask(() => {
			fail(configError);
		});
		return {
			close() {
				settled = true;
			},
		};
	}

	try {
		stream = got.stream(options.url, {
			...(options.username === undefined ? {} : {username: options.username}),
			...(options.password === undefined ? {} : {password: options.password}),
			headers: {'user-agent': 'camtop', ...options.headers},
			retry: {limit: 0},
			// MJPEG is never compressed; asking for gzip only confuses some camera firmware.
			decompress: false,
			timeout: {
				lookup: context.timeouts.connect,
				connect: context.timeouts.connect,
				secureConnect: context.timeouts.connect,
				response: context.timeouts.response,
				socket: context.timeouts.idle,
			},
		});
	} catch (error) {
		// got validates its options synchronously; the URL was checked above, so this is a bug, not bad input.
		throw toSourceError(error, context);
	}

	stream.on('response', (response: http.IncomingMessage) => {
		if (settled) {
			return;
		}

		context.gotResponse = true;
		const contentType = response.headers['content-type'];
		handlers.onResponse({statusCode: response.statusCode ?? 0, contentType, headers: response.headers});
	});

	const sink = new Writable({
		write(chunk: Uint8Array, _encoding, callback) {
			if (settled) {
				callback();
				return;
			}

			try {
				handlers.onData(chunk);
				callback();
			} catch (error) {
				callback(error instanceof Error ? error : new Error(String(error)));
			}
		},
	});

	pipeline(stream, sink, error => {
		if (error) {
			fail(error);
		} else if (!settled) {
			settled = true;
			handlers.onEnd();
		}
	});

	return {
		close() {
			settled = true;
			stream?.destroy();
		},
	};
}
