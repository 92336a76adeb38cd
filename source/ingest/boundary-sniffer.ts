import {Buffer} from 'node:buffer';
import type {SplitterContext} from './splitter-context.js';

/** What the bytes at a line start in the preamble turned out to be. */
export type SniffResult =
	| {readonly kind: 'need-more'}
	/** Not a frame start or delimiter line: the next candidate line starts at `to`. */
	| {readonly kind: 'skip'; readonly to: number}
	/** A JPEG SOI at `at`: the stream is raw JPEG. */
	| {readonly kind: 'jpeg'; readonly at: number}
	/** A delimiter line (`delimiter` as seen, e.g. `--myboundary`) starting at `at`. */
	| {readonly kind: 'multipart'; readonly at: number; readonly delimiter: Buffer};

const NEED_MORE: SniffResult = {kind: 'need-more'};
const SOI = Buffer.from([0xFF, 0xD8, 0xFF]);
const LF = 0x0A;
const CR = 0x0D;

/** `--` and a boundary of RFC 2046 §5.1.1 bchars (1–70, not ending in a space). */
const SNIFFED_DELIMITER = /^--[\w'()+,\-./:=? ]{0,69}[\w'()+,\-./:=?]$/;

/** RFC 9110 token characters, for "does the next line look like a header name?". */
const isTokenByte = (byte: number): boolean =>
	(byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
	|| '!#$%&\'*+-.^_`|~'.includes(String.fromCharCode(byte));

/**
Decide what the stream is, one preamble line at a time, before any framing is known.
The first of these wins: a JPEG SOI anywhere (raw JPEG, e.g. `ffmpeg -f mjpeg`); a line
of dashes + the declared boundary (so `boundary=--x` with `--x` or `----x` in the body
both work); a line `--token` followed by a header line or a blank line (ffmpeg's
`-f mpjpeg` sends `--ffmpeg` and no boundary in its Content-Type; other cameras declare
one boundary and use another). Lines are capped at maxHeaderBytes.
*/
export function sniffLine(context: SplitterContext, position: number, declaredCore: string | undefined, ending: boolean): SniffResult {
	const {queue} = context;
	const maxLine = context.maxHeaderBytes;
	const lineFeed = queue.indexOfByte(LF, position, position + maxLine);
	const lineEnd = lineFeed === -1 ? Math.min(queue.end, position + maxLine) : lineFeed;

	// FF never occurs in a delimiter line, so an SOI in this line settles it whatever else the line holds.
	const soi = queue.indexOf(SOI, position, lineEnd);
	if (soi !== -1) {
		return {kind: 'jpeg', at: soi};
	}

	if (lineFeed === -1) {
		if (queue.end - position >= maxLine) {
			// Keep the last bytes: an SOI may start there.
			return {kind: 'skip', to: position + maxLine - SOI.length + 1};
		}

		return ending ? {kind: 'skip', to: queue.end} : NEED_MORE;
	}

	if (queue.byteAt(position) === 0x2D) {
		const delimiter = trimmedLine(context, position, lineFeed);
		const text = delimiter.toString('latin1');
		if (declaredCore !== undefined && text.startsWith('-') && text.replace(/^-+/, '') === declaredCore) {
			return {kind: 'multipart', at: position, delimiter};
		}

		if (SNIFFED_DELIMITER.test(text)) {
			const confirmed = looksLikePartStart(context, lineFeed + 1, ending);
			if (confirmed === undefined) {
				return NEED_MORE;
			}

			if (confirmed) {
				return {kind: 'multipart', at: position, delimiter};
			}
		}
	}

	return {kind: 'skip', to: lineFeed + 1};
}

/** The line's bytes without its trailing CR, spaces and tabs (a copy: it outlives the chunk). */
function trimmedLine(context: SplitterContext, from: number, to: number): Buffer {
	const {queue} = context;
	let end = to;
	while (end > from) {
		const byte = queue.byteAt(end - 1);
		if (byte !== CR && byte !== 0x20 && byte !== 0x09) {
			break;
		}

		end--;
	}

	return Buffer.from(queue.take(from, end));
}

/**
Whether a part could start at `position`: a blank line (no headers), a JPEG straight
away, or a header line `name:`. Undefined when the bytes to decide have not arrived.
*/
function looksLikePartStart(context: SplitterContext, position: number, ending: boolean): boolean | undefined {
	const {queue} = context;
	const limit = position + context.maxHeaderBytes;
	for (let cursor = position; cursor < limit; cursor++) {
		const byte = queue.byteAt(cursor);
		if (byte === -1) {
			return ending ? false : undefined;
		}

		if (cursor === position && (byte === CR || byte === LF || byte === 0xFF)) {
			return true;
		}

		if (byte === 0x3A) {
			return cursor > position;
		}

		if (!isTokenByte(byte)) {
			return false;
		}
	}

	return false;
}
