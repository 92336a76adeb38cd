import type {Buffer} from 'node:buffer';
import type {ByteQueue} from './byte-queue.js';

/** delimiterLineEnd(): the bytes that decide have not arrived yet. */
export const LINE_NEED_MORE = -1;
/** delimiterLineEnd(): what follows the match is not a delimiter line. */
export const LINE_INVALID = -2;
/** delimiterLineEnd(): a close delimiter (`--boundary--`); the epilogue follows. */
export const LINE_CLOSING = -3;

/** Transport padding (RFC 2046 §5.1.1 LWSP after a boundary) tolerated before the line end. */
export const MAX_TRANSPORT_PADDING = 64;

const CR = 0x0D;
const LF = 0x0A;
const DASH = 0x2D;

/**
What follows a delimiter whose last byte is just before `position`: `--` (close
delimiter), else optional spaces or tabs and a CRLF or bare LF line end. Returns the
position after the line end (where the part headers start) or one of the LINE_ codes.
When `ending`, bytes that never arrived count as "not a delimiter".
*/
export function delimiterLineEnd(queue: ByteQueue, position: number, ending: boolean): number {
	const needMore = ending ? LINE_INVALID : LINE_NEED_MORE;
	const first = queue.byteAt(position);
	if (first === -1) {
		return needMore;
	}

	if (first === DASH) {
		const second = queue.byteAt(position + 1);
		if (second === -1) {
			return needMore;
		}

		return second === DASH ? LINE_CLOSING : LINE_INVALID;
	}

	let cursor = position;
	for (;;) {
		const byte = queue.byteAt(cursor);
		if (byte === -1) {
			return needMore;
		}

		if (byte === LF) {
			return cursor + 1;
		}

		if (byte === CR) {
			const next = queue.byteAt(cursor + 1);
			if (next === -1) {
				return needMore;
			}

			return next === LF ? cursor + 2 : LINE_INVALID;
		}

		if ((byte !== 0x20 && byte !== 0x09) || cursor - position >= MAX_TRANSPORT_PADDING) {
			return LINE_INVALID;
		}

		cursor++;
	}
}

/** findDelimiter(): no delimiter in the bytes so far. */
export const FOUND_NONE = -1;
/** findDelimiter(): a candidate's line end has not arrived yet (its position is in `match`). */
export const FOUND_NEED_MORE = -2;

/** Line-end bytes tolerated between a Content-Length body and its delimiter. */
const MAX_BODY_GAP = 4;

/** Where a delimiter was found, where the body before it ends, where the part headers after it start. */
export type DelimiterMatch = {position: number; bodyEnd: number; next: number};

/**
First delimiter starting in [from, before) that is followed by a valid delimiter line.
The CRLF or LF before it belongs to the delimiter (RFC 2046 §5.1.1); a delimiter right
after other bytes is accepted too (cameras that put garbage before it), since a searched
body is cut after its last EOI anyway. Returns its position (filling `match`),
FOUND_NONE or FOUND_NEED_MORE.
*/
export function findDelimiter(
	queue: ByteQueue,
	delimiter: Buffer,
	from: number,
	before: number,
	bodyStart: number,
	ending: boolean,
	match: DelimiterMatch,
): number {
	let candidate = from;
	for (;;) {
		candidate = queue.indexOf(delimiter, candidate);
		if (candidate === -1 || candidate >= before) {
			return FOUND_NONE;
		}

		const next = delimiterLineEnd(queue, candidate + delimiter.length, ending);
		match.position = candidate;
		if (next === LINE_NEED_MORE) {
			return FOUND_NEED_MORE;
		}

		if (next !== LINE_INVALID) {
			let bodyEnd = candidate;
			if (bodyEnd > bodyStart && queue.byteAt(bodyEnd - 1) === LF) {
				bodyEnd--;
				if (bodyEnd > bodyStart && queue.byteAt(bodyEnd - 1) === CR) {
					bodyEnd--;
				}
			}

			match.bodyEnd = bodyEnd;
			match.next = next;
			return candidate;
		}

		candidate++;
	}
}

/**
Whether the delimiter sits at `bodyEnd`, after at most a few line-end bytes: what
Content-Length promised. Returns delimiterLineEnd()'s answer for it, LINE_INVALID when
something else is there, LINE_NEED_MORE while the bytes so far are a prefix of it.
Sets `match.position` to where the delimiter starts.
*/
export function delimiterAfterBody(queue: ByteQueue, delimiter: Uint8Array, bodyEnd: number, ending: boolean, match: DelimiterMatch): number {
	let cursor = bodyEnd;
	let byte = queue.byteAt(cursor);
	while ((byte === CR || byte === LF) && cursor - bodyEnd < MAX_BODY_GAP) {
		byte = queue.byteAt(++cursor);
	}

	match.position = cursor;
	if (byte === -1) {
		return LINE_NEED_MORE;
	}

	if (queue.matchesAt(cursor, delimiter)) {
		return delimiterLineEnd(queue, cursor + delimiter.length, ending);
	}

	for (let offset = 0; offset < delimiter.length; offset++) {
		const next = queue.byteAt(cursor + offset);
		if (next === -1) {
			// All that arrived matches: wait for the rest.
			return LINE_NEED_MORE;
		}

		if (next !== delimiter[offset]) {
			return LINE_INVALID;
		}
	}

	return LINE_INVALID;
}

/**
First delimiter line (not a close delimiter) at or after `from`, wherever it starts:
how the parser resyncs after garbage, an oversized part or the epilogue. Returns its
position (filling `match.next`), FOUND_NONE or FOUND_NEED_MORE (`match.position`).
*/
export function findNextDelimiter(queue: ByteQueue, delimiter: Buffer, from: number, ending: boolean, match: DelimiterMatch): number {
	let candidate = from;
	for (;;) {
		candidate = queue.indexOf(delimiter, candidate);
		if (candidate === -1) {
			return FOUND_NONE;
		}

		const next = delimiterLineEnd(queue, candidate + delimiter.length, ending);
		match.position = candidate;
		if (next === LINE_NEED_MORE) {
			return FOUND_NEED_MORE;
		}

		if (next >= 0) {
			match.next = next;
			return candidate;
		}

		// Not a delimiter line, or a close delimiter (the epilogue goes on): look further.
		candidate += next === LINE_CLOSING ? delimiter.length + 2 : 1;
	}
}

/** `end` less a CRLF or LF just before it, not reaching back past `from`. */
export function withoutLineEnd(queue: ByteQueue, from: number, end: number): number {
	if (end > from && queue.byteAt(end - 1) === LF) {
		return end - 1 > from && queue.byteAt(end - 2) === CR ? end - 2 : end - 1;
	}

	return end;
}
