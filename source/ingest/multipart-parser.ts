import type {Buffer} from 'node:buffer';
import type {SplitterContext} from './splitter-context.js';
import {delimiterLineEnd, findNextDelimiter, FOUND_NEED_MORE, FOUND_NONE, LINE_CLOSING, LINE_INVALID, LINE_NEED_MORE} from './delimiter-line.js';
import {PartBody} from './part-body.js';
import {HEADERS_NEED_MORE, HEADERS_TOO_LARGE, PartHeaderParser} from './part-headers.js';

type MultipartState =
	| 'delimiter' // just after a delimiter: close (`--`) or a line end?
	| 'headers' // inside a part's header block
	| 'body' // inside a part's body (PartBody knows how it ends)
	| 'discard'; // dropping bytes until the next delimiter (resync, oversized part, epilogue)

/**
The multipart/x-mixed-replace state machine, once the delimiter line is known (`--` +
boundary, as actually seen in the body): delimiter line, part headers, part body, and
back; or dropping bytes up to the next delimiter when framing was lost. Skipped bytes are
counted, never buffered beyond the limits.
*/
export class MultipartParser {
	private state: MultipartState = 'delimiter';
	private readonly context: SplitterContext;
	private readonly delimiter: Buffer;
	private readonly headers: PartHeaderParser;
	private readonly body: PartBody;
	/** 'delimiter': just after the delimiter. 'headers': the next byte to feed. */
	private position: number;
	private headersStart = 0;
	/** 'discard': bytes before discardFrom are counted; the next delimiter may start at searchFrom. */
	private discardFrom = 0;
	private searchFrom = 0;

	constructor(context: SplitterContext, delimiter: Buffer, afterDelimiter: number) {
		this.context = context;
		this.delimiter = delimiter;
		this.position = afterDelimiter;
		this.headers = new PartHeaderParser(context);
		this.body = new PartBody(context, delimiter);
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
		this.startDiscard(queue.end, queue.end);
	}

	/** The first byte this parser may still need (header bytes already fed were copied). */
	private keepFrom(): number {
		switch (this.state) {
			case 'delimiter':
			case 'headers': {
				return this.position;
			}

			case 'body': {
				return this.body.start;
			}

			case 'discard': {
				return this.discardFrom;
			}
		}
	}

	private step(ending: boolean): boolean {
		switch (this.state) {
			case 'delimiter': {
				return this.afterDelimiter(delimiterLineEnd(this.context.queue, this.position, ending), this.position);
			}

			case 'headers': {
				return this.readHeaders(ending);
			}

			case 'body': {
				return this.readBody(ending);
			}

			case 'discard': {
				return this.discard(ending);
			}
		}
	}

	/** Continue after a delimiter line check for the delimiter ending at `delimiterEnd`. */
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

	private readHeaders(ending: boolean): boolean {
		const {context} = this;
		const {queue, stats} = context;
		const result = this.headers.feed(this.position);
		if (result === HEADERS_NEED_MORE) {
			this.position = queue.end;
			if (ending) {
				context.skip(queue.end - this.headersStart);
				this.startDiscard(queue.end, queue.end);
			}

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

		this.state = 'body';
		this.body.begin(result, this.headers.contentLength);
		return true;
	}

	private readBody(ending: boolean): boolean {
		const {body, context} = this;
		const outcome = body.read(ending);
		switch (outcome) {
			case 'wait':
			case 'cut': {
				// After 'cut', finish() counts the body as skipped.
				return false;
			}

			case 'frame': {
				// Emitted by the push() that completed it; the bytes after it are checked next.
				context.emit(body.start, body.end, this.headers.headers);
				return true;
			}

			case 'delimiter': {
				this.emitBody(false);
				return this.afterDelimiter(body.match.next, body.match.position + this.delimiter.length);
			}

			case 'garbage': {
				this.emitBody(false);
				context.stats.resyncs++;
				this.startDiscard(body.end, body.end);
				return true;
			}

			case 'ended': {
				this.emitBody(true);
				// What follows is a line end or a delimiter cut off by the end: structure, not skipped.
				this.startDiscard(context.queue.end, context.queue.end);
				return false;
			}

			case 'oversized': {
				this.startDiscard(body.start, body.resumeFrom);
				return true;
			}
		}
	}

	/** Emit the body that just ended, unless read() already had it emitted ('frame'). */
	private emitBody(atEnd: boolean): void {
		const {body} = this;
		if (!body.emitted) {
			this.context.emitPart(body.start, body.end, this.headers.headers, body.searched, atEnd);
		}
	}

	private startDiscard(discardFrom: number, searchFrom: number): void {
		this.state = 'discard';
		this.discardFrom = discardFrom;
		this.searchFrom = searchFrom;
	}

	private discard(ending: boolean): boolean {
		const {context, delimiter, body} = this;
		const {queue} = context;
		const found = findNextDelimiter(queue, delimiter, this.searchFrom, ending, body.match);
		if (found === FOUND_NONE) {
			const safe = Math.max(Math.min(this.searchFrom, queue.end), queue.end - delimiter.length + 1);
			context.skip(safe - this.discardFrom);
			this.discardFrom = safe;
			this.searchFrom = Math.max(this.searchFrom, safe);
			return false;
		}

		if (found === FOUND_NEED_MORE) {
			// Bytes before the pending candidate are skipped whatever it turns out to be.
			this.searchFrom = body.match.position;
			context.skip(this.searchFrom - this.discardFrom);
			this.discardFrom = this.searchFrom;
			return false;
		}

		context.skip(found - this.discardFrom);
		this.discardFrom = found;
		return this.afterDelimiter(body.match.next, found + delimiter.length);
	}
}
