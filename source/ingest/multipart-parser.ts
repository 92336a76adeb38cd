import type {Buffer} from 'node:buffer';
import type {SplitterContext} from './splitter-context.js';
import {
	delimiterAfterBody, delimiterLineEnd, findDelimiter, findNextDelimiter, FOUND_NEED_MORE, FOUND_NONE, LINE_CLOSING, LINE_INVALID, LINE_NEED_MORE,
	type DelimiterMatch,
} from './delimiter-line.js';
import {HEADERS_NEED_MORE, HEADERS_TOO_LARGE, PartHeaderParser} from './part-headers.js';

type MultipartState =
	| 'delimiter' // just after a delimiter: close (`--`) or a line end?
	| 'headers' // inside a part's header block
	| 'body-length' // collecting a body whose Content-Length we trust so far
	| 'body-verify' // checking a delimiter (or the EOI) sits where Content-Length said
	| 'body-search' // collecting a body of unknown length, searching the delimiter
	| 'discard'; // dropping bytes until the next delimiter (resync, oversized part, epilogue)

const CR = 0x0D;
const LF = 0x0A;

/**
The multipart/x-mixed-replace state machine, once the delimiter line is known
(`--` + boundary, as actually seen in the body). Jumps by Content-Length when present
and checks what sits at the end; searches the delimiter when the length is missing or
wrong (VLC's first part). Skipped bytes are counted, never buffered beyond the limits.
*/
export class MultipartParser {
	private state: MultipartState = 'delimiter';
	private readonly context: SplitterContext;
	private readonly delimiter: Buffer;
	private readonly headers: PartHeaderParser;
	/** 'delimiter': just after the delimiter. 'headers': next byte to feed. */
	private position: number;
	private headersStart = 0;
	private bodyStart = 0;
	private bodyEnd = 0;
	private searchFrom = 0;
	private discardFrom = 0;
	/** Filled by the delimiter searches. */
	private readonly match: DelimiterMatch = {position: 0, bodyEnd: 0, next: 0};

	constructor(context: SplitterContext, delimiter: Buffer, afterDelimiter: number) {
		this.context = context;
		this.delimiter = delimiter;
		this.position = afterDelimiter;
		this.headers = new PartHeaderParser(context);
	}

	/** Parse as far as the bytes allow; `ending` when no more will come. */
	run(ending: boolean): void {
		while (this.step(ending)) {
			// Each step moved to another state or consumed bytes.
		}

		this.context.queue.release(this.keepFrom());
	}

	/** At end of stream, after run(true): whatever is left unparsed was skipped. */
	finish(): void {
		const {queue} = this.context;
		this.context.skip(queue.end - this.keepFrom());
		this.state = 'discard';
		this.discardFrom = queue.end;
		this.searchFrom = queue.end;
	}

	/** The first byte this parser may still need (header bytes already fed were copied). */
	private keepFrom(): number {
		if (this.state === 'discard') {
			return this.discardFrom;
		}

		return this.state === 'delimiter' || this.state === 'headers' ? this.position : this.bodyStart;
	}

	private step(ending: boolean): boolean {
		const {context} = this;
		const {queue, stats} = context;
		switch (this.state) {
			case 'delimiter': {
				return this.afterDelimiter(delimiterLineEnd(queue, this.position, ending), this.position);
			}

			case 'headers': {
				const result = this.headers.feed(this.position);
				if (result === HEADERS_NEED_MORE) {
					if (ending) {
						context.skip(queue.end - this.headersStart);
						this.startDiscard(queue.end, queue.end);
					}

					this.position = queue.end;
					return false;
				}

				if (result === HEADERS_TOO_LARGE) {
					stats.oversizedHeaders++;
					stats.resyncs++;
					context.skip(context.maxHeaderBytes);
					const resume = this.headersStart + context.maxHeaderBytes;
					this.startDiscard(resume, resume);
					return true;
				}

				this.startBody(result);
				return true;
			}

			case 'body-length': {
				if (queue.end >= this.bodyEnd) {
					this.state = 'body-verify';
					return true;
				}

				return ending ? this.endedBeforeLength() : false;
			}

			case 'body-verify': {
				return this.verify(ending);
			}

			case 'body-search': {
				return this.search(ending);
			}

			case 'discard': {
				return this.discard(ending);
			}
		}
	}

	/** Continue after a delimiter line check at `delimiterEnd`. */
	private afterDelimiter(result: number, delimiterEnd: number): boolean {
		if (result === LINE_NEED_MORE) {
			this.state = 'delimiter';
			this.position = delimiterEnd;
			return false;
		}

		if (result === LINE_CLOSING) {
			// Close delimiter: the epilogue is skipped, but another delimiter may yet follow.
			this.startDiscard(delimiterEnd + 2, delimiterEnd + 2);
			return true;
		}

		if (result === LINE_INVALID) {
			this.context.stats.resyncs++;
			this.startDiscard(delimiterEnd, delimiterEnd);
			return true;
		}

		this.state = 'headers';
		this.headersStart = result;
		this.position = result;
		this.headers.reset();
		return true;
	}

	private startBody(bodyStart: number): void {
		const {stats, maxFrameBytes} = this.context;
		const length = this.headers.contentLength;
		this.bodyStart = bodyStart;
		if (length === undefined) {
			stats.partsWithoutLength++;
			this.state = 'body-search';
			this.searchFrom = bodyStart;
		} else if (length > maxFrameBytes) {
			// Refused before buffering: search for the next delimiter while dropping bytes.
			stats.oversizedFrames++;
			this.startDiscard(bodyStart, bodyStart);
		} else {
			this.state = 'body-length';
			this.bodyEnd = bodyStart + length;
		}
	}

	private startDiscard(discardFrom: number, searchFrom: number): void {
		this.state = 'discard';
		this.discardFrom = discardFrom;
		this.searchFrom = searchFrom;
	}

	/** Is the delimiter (after at most a few line-end bytes) where Content-Length said? */
	private verify(ending: boolean): boolean {
		const {queue} = this.context;
		const result = delimiterAfterBody(queue, this.delimiter, this.bodyEnd, ending, this.match);
		if (result === LINE_NEED_MORE) {
			if (!ending) {
				return false;
			}

			// The stream ended where the length said: the part is complete.
			this.context.emitPart(this.bodyStart, this.bodyEnd, this.headers.headers, false, true);
			// What follows is the start of a delimiter cut off by the end: structure, not skipped.
			this.startDiscard(queue.end, queue.end);
			return false;
		}

		if (result === LINE_INVALID) {
			return this.lengthWasWrong(this.bodyEnd, ending);
		}

		this.context.emitPart(this.bodyStart, this.bodyEnd, this.headers.headers, false, false);
		return this.afterDelimiter(result, this.match.position + this.delimiter.length);
	}

	/** The stream ended before the Content-Length was reached: a wrong length, or a cut stream? */
	private endedBeforeLength(): boolean {
		const {context} = this;
		const found = this.find(this.bodyStart, context.queue.end, true);
		if (found >= 0) {
			context.stats.contentLengthMismatches++;
			return this.partFound(found);
		}

		// A whole JPEG (its last line end aside) means the length was wrong; else the stream was cut.
		const bodyEnd = this.withoutLineEnd(context.queue.end);
		if (context.startsWithSoi(this.bodyStart, bodyEnd) && context.endsWithEoi(this.bodyStart, bodyEnd)) {
			context.stats.contentLengthMismatches++;
			context.emitPart(this.bodyStart, bodyEnd, this.headers.headers, false, true);
			this.startDiscard(context.queue.end, context.queue.end);
		}

		return false;
	}

	/** `end` less a CRLF or LF just before it, not reaching before the body. */
	private withoutLineEnd(end: number): number {
		const {queue} = this.context;
		if (end > this.bodyStart && queue.byteAt(end - 1) === LF) {
			return end - 1 > this.bodyStart && queue.byteAt(end - 2) === CR ? end - 2 : end - 1;
		}

		return end;
	}

	/** No delimiter where Content-Length pointed (to `declaredEnd`): find where the part really ends. */
	private lengthWasWrong(declaredEnd: number, ending: boolean): boolean {
		const {context} = this;
		if (!ending && context.queue.end < declaredEnd + this.delimiter.length - 1) {
			// Wait until a delimiter starting inside the declared body would be whole.
			return false;
		}

		const found = this.find(this.bodyStart, declaredEnd, ending);
		if (found === FOUND_NEED_MORE) {
			return false;
		}

		if (found !== FOUND_NONE) {
			// Declared too long: the real delimiter is inside.
			context.stats.contentLengthMismatches++;
			return this.partFound(found);
		}

		if (context.endsWithEoi(this.bodyStart, declaredEnd)) {
			// The length was right and the JPEG complete; garbage follows it.
			this.context.emitPart(this.bodyStart, declaredEnd, this.headers.headers, false, false);
			context.stats.resyncs++;
			this.startDiscard(declaredEnd, declaredEnd);
			return true;
		}

		// Declared too short: search on from where it pointed.
		context.stats.contentLengthMismatches++;
		this.state = 'body-search';
		this.searchFrom = declaredEnd;
		return true;
	}

	private search(ending: boolean): boolean {
		const {context} = this;
		const {queue, maxFrameBytes} = context;
		const found = this.find(this.searchFrom, Number.POSITIVE_INFINITY, ending);
		if (found >= 0) {
			return this.match.bodyEnd - this.bodyStart > maxFrameBytes ? this.oversizedBody() : this.partFound(found);
		}

		if (found === FOUND_NONE) {
			this.searchFrom = Math.max(this.searchFrom, queue.end - this.delimiter.length + 1);
		}

		// Every delimiter still possible (the pending one included) would end the body past the limit.
		if (this.searchFrom - 2 - this.bodyStart > maxFrameBytes) {
			return this.oversizedBody();
		}

		if (found === FOUND_NEED_MORE) {
			return false;
		}

		if (ending) {
			// The stream ended inside a body of unknown length: a last line end is structure.
			const bodyEnd = this.withoutLineEnd(queue.end);
			if (bodyEnd - this.bodyStart > maxFrameBytes) {
				return this.oversizedBody();
			}

			this.context.emitPart(this.bodyStart, bodyEnd, this.headers.headers, true, true);
			this.startDiscard(queue.end, queue.end);
		}

		return false;
	}

	/** The body passed maxFrameBytes: drop it and resync from a position that does not depend on chunking. */
	private oversizedBody(): boolean {
		this.context.stats.oversizedFrames++;
		this.startDiscard(this.bodyStart, this.bodyStart + this.context.maxFrameBytes + 1);
		return true;
	}

	/** A delimiter at `found` ends the current part (`match` filled in). */
	private partFound(found: number): boolean {
		this.context.emitPart(this.bodyStart, this.match.bodyEnd, this.headers.headers, true, false);
		return this.afterDelimiter(this.match.next, found + this.delimiter.length);
	}

	/** A delimiter ending the current body, starting in [from, before). */
	private find(from: number, before: number, ending: boolean): number {
		const found = findDelimiter(this.context.queue, this.delimiter, from, before, this.bodyStart, ending, this.match);
		if (found === FOUND_NEED_MORE) {
			this.searchFrom = this.match.position;
		}

		return found;
	}

	private discard(ending: boolean): boolean {
		const {context} = this;
		const {queue} = context;
		const found = findNextDelimiter(queue, this.delimiter, this.searchFrom, ending, this.match);
		if (found === FOUND_NONE) {
			const safe = Math.max(Math.min(this.searchFrom, queue.end), queue.end - this.delimiter.length + 1);
			context.skip(safe - this.discardFrom);
			this.discardFrom = safe;
			this.searchFrom = Math.max(this.searchFrom, safe);
			return false;
		}

		if (found === FOUND_NEED_MORE) {
			// Bytes before the pending candidate are skipped whatever it turns out to be.
			this.searchFrom = this.match.position;
			context.skip(this.searchFrom - this.discardFrom);
			this.discardFrom = this.searchFrom;
			return false;
		}

		context.skip(found - this.discardFrom);
		this.discardFrom = found;
		return this.afterDelimiter(this.match.next, found + this.delimiter.length);
	}
}
