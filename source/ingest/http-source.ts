import {pipeline, Writable} from 'node:stream';
import type {Request} from 'got';
import {CamtopError} from '../errors.js';
import {redactUrl} from '../url-redact.js';
import {HttpAuth, type Credentials} from './http-auth.js';
import {requestWithAuth} from './http-request.js';
import {parseContentType} from './content-type.js';
import {toSourceError, type ErrorContext} from './source-errors.js';
import type {SourceHandlers, SourceOptions} from './source-types.js';

export {HttpStatusError, systemCodeOf} from './source-errors.js';

export type HttpSourceHandlers = SourceHandlers;
export type HttpSourceOptions = SourceOptions;

export const DEFAULT_CONNECT_TIMEOUT_MS = 5000;
export const DEFAULT_RESPONSE_TIMEOUT_MS = 10_000;
/**
Longer than the camera's stall watchdog (10 s, ffmpeg 20 s): that is what notices a
connected camera gone quiet and shows it as `stalled` (issue 6); with equal times the
socket timeout won the race and the tile said `reconnecting` instead. The idle timeout
stays as the backstop for a socket that dies silently where no watchdog runs.
*/
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
/** Snapshot polling: one request a second unless configured. */
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 1000;

/** Content-Types of a single picture: an http(s) camera answering with one is polled. */
const SINGLE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/jpeg', 'image/jpg', 'image/pjpeg']);

function decoded(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

/** The URL without userinfo, and the credentials: the fields win over the URL's userinfo. */
export function splitCredentials(options: Pick<SourceOptions, 'url' | 'username' | 'password'>): {url: URL; credentials: Credentials | undefined} | undefined {
	let url: URL;
	try {
		url = new URL(options.url);
	} catch {
		return undefined;
	}

	const username = options.username ?? (url.username === '' ? undefined : decoded(url.username));
	const password = options.password ?? (url.password === '' ? undefined : decoded(url.password));
	url.username = '';
	url.password = '';
	const credentials = username === undefined && password === undefined ? undefined : {username: username ?? '', password: password ?? ''};
	return {url, credentials};
}

/** Why `url` cannot be requested, or undefined when it can. */
function checkUrl(url: URL | undefined): string | undefined {
	if (url === undefined) {
		return 'not a valid URL';
	}

	return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : `unsupported scheme ${url.protocol} (use http: or https:)`;
}

/**
An http(s) camera: an endless MJPEG stream, or single JPEGs polled at an interval.

With kind `auto` the first answer decides: a single-picture Content-Type (`image/jpeg`)
whose body ends is polled again every `snapshotIntervalMs` (from the start of one
request to the start of the next, never overlapping); kind `snapshot` polls whatever the
type. A body that goes on is a stream, whatever its type. Every body goes to `onData` as
it comes, so the camera's FrameSplitter sees one byte stream either way.

got does no retries here: the Camera owns reconnecting and backoff. There is no
`request` timeout, which would cut an endless stream; the `socket` timeout acts as the
idle detector. Errors never carry got's error as `cause` (it holds the request options,
credentials included); transport errors get a redacted `cause` with the system `code`
(see `systemCodeOf`).
*/
export function openHttpSource(options: HttpSourceOptions, handlers: HttpSourceHandlers): {close(): void} {
	const split = splitCredentials(options);
	const context: ErrorContext = {
		host: split?.url.host ?? redactUrl(options.url),
		secrets: [options.password, split?.credentials?.password],
		gotResponse: false,
		timeouts: {
			connect: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
			response: options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS,
			idle: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
		},
	};
	const intervalMs = options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS;
	// Once settled (ended, failed or closed) no handler is called again.
	let settled = false;
	let current: {close(): void} | undefined;
	let body: Request | undefined;
	let pollTimer: NodeJS.Timeout | undefined;
	let responded = false;
	let polling = options.kind === 'snapshot';

	const fail = (error: unknown) => {
		if (!settled) {
			settled = true;
			current?.close();
			body?.destroy();
			clearTimeout(pollTimer);
			handlers.onError(toSourceError(error, context));
		}
	};

	const invalid = checkUrl(split?.url);
	if (split === undefined || invalid !== undefined) {
		const configError = new CamtopError('ERR_CONFIG', `cannot request ${redactUrl(options.url)}: ${invalid ?? 'not a valid URL'}`);
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

	const auth = new HttpAuth(split.credentials, options.auth);
	const request = () => {
		const startedAt = Date.now();
		context.gotResponse = false;
		current = requestWithAuth({
			url: split.url,
			headers: options.headers ?? {},
			insecure: options.insecure ?? false,
			ca: options.ca,
			timeouts: context.timeouts,
		}, auth, context, {
			onResponse(stream, response) {
				if (settled) {
					stream.destroy();
					return;
				}

				context.gotResponse = true;
				body = stream;
				const contentType = response.headers['content-type'];
				if (!responded) {
					responded = true;
					polling ||= options.kind !== 'mjpeg' && SINGLE_IMAGE_TYPES.has(parseContentType(contentType).mediaType);
					handlers.onResponse({
						statusCode: response.statusCode ?? 0,
						contentType,
						headers: response.headers,
						...(polling ? {frameIntervalMs: intervalMs} : {}),
					});
				}

				pipeline(stream, sink(), error => {
					body = undefined;
					if (error) {
						fail(error);
					} else if (settled) {
						// Closed meanwhile.
					} else if (polling) {
						pollTimer = setTimeout(request, Math.max(0, startedAt + intervalMs - Date.now()));
					} else {
						settled = true;
						handlers.onEnd();
					}
				});
			},
			onError: fail,
		});
	};

	const sink = () => new Writable({
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

	request();
	return {
		close() {
			settled = true;
			clearTimeout(pollTimer);
			current?.close();
			body?.destroy();
		},
	};
}
