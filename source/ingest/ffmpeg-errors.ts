import {CamtopError} from '../errors.js';
import {redactSecrets, redactUrl} from '../url-redact.js';
import {HttpStatusError, safeCause} from './source-errors.js';

/** Lines of ffmpeg's stderr kept: enough for the error and what led to it. */
export const STDERR_LINES = 20;
/** A longer line is cut: ffmpeg can echo camera-sent text. */
export const STDERR_LINE_CHARS = 300;

/**
The last lines ffmpeg wrote to stderr, bounded in count and length, printable ASCII only
(they end up on the tile), with URLs and secrets redacted as they arrive.
*/
export class StderrRing {
	readonly #secrets: ReadonlyArray<string | undefined>;
	readonly #lines: string[] = [];
	#partial = '';

	constructor(secrets: ReadonlyArray<string | undefined>) {
		this.#secrets = secrets;
	}

	push(text: string): void {
		const pieces = (this.#partial + text).split(/\r?\n|\r/);
		this.#partial = (pieces.pop() ?? '').slice(-STDERR_LINE_CHARS * 4);
		for (const piece of pieces) {
			this.#add(piece);
		}
	}

	/** Recent lines, oldest first, the unfinished last line included. */
	lines(): string[] {
		return this.#partial.trim() === '' ? [...this.#lines] : [...this.#lines, this.#clean(this.#partial)];
	}

	#add(line: string): void {
		const clean = this.#clean(line);
		if (clean === '') {
			return;
		}

		this.#lines.push(clean);
		if (this.#lines.length > STDERR_LINES) {
			this.#lines.shift();
		}
	}

	#clean(line: string): string {
		const redacted = redactSecrets(line, this.#secrets).replaceAll(/[a-z][\w+.-]*:\/\/\S+/gi, url => redactUrl(url));
		const printable = redacted.replaceAll(/[^\x20-\x7E]/g, '').trim();
		return printable.length > STDERR_LINE_CHARS ? `${printable.slice(0, STDERR_LINE_CHARS - 1)}…` : printable;
	}
}

type Rule = {
	readonly pattern: RegExp;
	readonly error: (match: RegExpExecArray, context: FailureContext) => CamtopError;
};

export type FailureContext = {
	readonly hasCredentials: boolean;
	/** What the camera is, for messages: its redacted URL or host. */
	readonly what: string;
};

const connectError = (message: string, code: string) => new CamtopError('ERR_CONNECT', message, {cause: safeCause(code, message)});

/** ffmpeg's known failures, most specific first; the first that matches any recent line wins. */
const RULES: readonly Rule[] = [
	{
		pattern: /\b401\b.*unauthorized|authorization failed/i,
		error: (_match, context) => new CamtopError('ERR_AUTH', context.hasCredentials
			? `auth failed: the camera refused the username or password (401 Unauthorized, from ffmpeg)`
			: `auth failed: the camera asks for a username and password, and none are configured (401, from ffmpeg)`),
	},
	{pattern: /\b403\b.*forbidden/i, error: () => new HttpStatusError(403, 'HTTP 403 Forbidden (from ffmpeg)')},
	{pattern: /\b404\b.*not found|stream not found/i, error: () => new HttpStatusError(404, 'HTTP 404 Not Found: no stream at this path (from ffmpeg)')},
	{pattern: /no such file or directory/i, error: (_match, context) => new CamtopError('ERR_CONFIG', `${context.what}: no such file or device`)},
	{pattern: /permission denied/i, error: (_match, context) => new CamtopError('ERR_CONFIG', `${context.what}: permission denied`)},
	{pattern: /connection refused/i, error: (_match, context) => connectError(`connection refused: ${context.what} (ECONNREFUSED, from ffmpeg)`, 'ECONNREFUSED')},
	{
		pattern: /failed to resolve hostname|name or service not known|temporary failure in name resolution|no address associated/i,
		error: (_match, context) => connectError(`host not found: ${context.what} (from ffmpeg)`, 'ENOTFOUND'),
	},
	{pattern: /no route to host|network is unreachable/i, error: (_match, context) => connectError(`host unreachable: ${context.what} (from ffmpeg)`, 'EHOSTUNREACH')},
	{pattern: /connection reset|broken pipe|end of file/i, error: (_match, context) => new CamtopError('ERR_STREAM', `the connection to ${context.what} was closed (from ffmpeg)`)},
	{pattern: /timed out|timeout/i, error: (_match, context) => new CamtopError('ERR_TIMEOUT', `${context.what} did not answer in time (from ffmpeg)`)},
	{pattern: /certificate|tls|ssl|handshake/i, error: (match, context) => new CamtopError('ERR_TLS', `TLS failed with ${context.what}: ${match.input} — give its CA with "ca", or set "insecure": true`)},
	{
		pattern: /decoder \(codec (\w+)\) not found|unsupported codec[^:]*:?\s*(\w*)|could not find codec parameters|no decoder for/i,
		error: match => new CamtopError('ERR_UNSUPPORTED', `unsupported codec${match[1] ?? match[2] ? ` ${match[1] ?? match[2]}` : ''}: this ffmpeg cannot decode the camera's video`),
	},
	{
		pattern: /protocol not found|protocol '(\w+)' not on whitelist|unknown input format/i,
		error: match => new CamtopError('ERR_UNSUPPORTED', `this ffmpeg cannot read this kind of URL${match[1] ? ` (protocol ${match[1]})` : ''}`),
	},
	{pattern: /matches no streams|does not contain any stream|no video stream/i, error: () => new CamtopError('ERR_UNSUPPORTED', 'the input has no video stream')},
	{pattern: /invalid data found when processing input/i, error: () => new CamtopError('ERR_UNSUPPORTED', 'ffmpeg cannot read the input (invalid data: not a video it knows)')},
];

/** A clear CamtopError for an ffmpeg that exited with `code` (or was killed by `signal`) after writing `lines`. */
export function ffmpegFailure(lines: readonly string[], exit: {code: number | null; signal: NodeJS.Signals | null}, context: FailureContext): CamtopError {
	for (const rule of RULES) {
		for (let index = lines.length - 1; index >= 0; index--) {
			const match = rule.pattern.exec(lines[index] ?? '');
			if (match) {
				return rule.error(match, context);
			}
		}
	}

	const last = lines.at(-1);
	const how = exit.signal === null ? `exited with code ${exit.code ?? '?'}` : `was killed by ${exit.signal}`;
	return new CamtopError('ERR_STREAM', `ffmpeg ${how}${last === undefined ? '' : `: ${last}`}`);
}
