import type {Buffer} from 'node:buffer';
import type {SplitterContext} from './splitter-context.js';
import {findDelimiter, FOUND_NEED_MORE, FOUND_NONE, withoutLineEnd, type DelimiterMatch} from './delimiter-line.js';
import {judgeContentLength} from './length-check.js';

type BodyMode =
	| 'length' // a Content-Length we trust until the bytes at its end say otherwise
	| 'search' // no Content-Length, or a wrong one: searching the delimiter
	| 'refused'; // a Content-Length above maxFrameBytes

/** What read() found out about the current part body. */
export type BodyOutcome =
	| 'wait' // more bytes are needed
	| 'frame' // the body is [start, end), certain to be this part's frame before the bytes after it are checked: emit it now, then read() on
	| 'delimiter' // the body is [start, end); a delimiter starts at match.position, match.next says what follows it
	| 'garbage' // the body is [start, end), a whole JPEG; bytes that are no delimiter follow it
	| 'ended' // the stream ended; the body is [start, end)
	| 'cut' // the stream ended inside a body whose end is not certain
	| 'oversized'; // past maxFrameBytes: drop from `start`, search the next delimiter from `resumeFrom`

/**
Where one multipart part body ends. Jumps by Content-Length and checks the bytes there;
searches the delimiter when the length is missing or wrong. Counts what it finds in the
stats; the bytes stay in the queue for the caller to emit or skip.
*/
export class PartBody {
	start = 0;
	end = 0;
	/** Whether `end` came from searching (a camera's bytes after the EOI may ride along). */
	searched = false;
	/**
	Whether read() already answered 'frame' for this body: the later outcome ('delimiter',
	'garbage' or 'ended', at the same `end`) is then only about what follows it.
	*/
	emitted = false;
	/** Whether certainAtLength() was asked for this body (its bytes do not change, nor does the answer). */
	private earlyChecked = false;
	resumeFrom = 0;
	readonly match: DelimiterMatch = {position: 0, bodyEnd: 0, next: 0};
	private mode: BodyMode = 'length';
	private declaredEnd = 0;
	private searchFrom = 0;
	private readonly context: SplitterContext;
	private readonly delimiter: Buffer;
	/**
	A delimiter that starts inside a body and ends after it covers the body's last byte;
	when the delimiter holds no D9 byte, an EOI-ended body can only hold whole delimiters.
	*/
	private readonly earlyPossible: boolean;

	constructor(context: SplitterContext, delimiter: Buffer) {
		this.context = context;
		this.delimiter = delimiter;
		this.earlyPossible = !delimiter.includes(0xD9);
	}

	begin(start: number, contentLength: number | undefined): void {
		const {stats, maxFrameBytes} = this.context;
		this.start = start;
		this.searched = false;
		this.emitted = false;
		this.earlyChecked = false;
		if (contentLength === undefined) {
			stats.partsWithoutLength++;
			this.startSearch(start);
		} else if (contentLength > maxFrameBytes) {
			// Refused before buffering a byte of it.
			stats.oversizedFrames++;
			this.mode = 'refused';
		} else {
			this.mode = 'length';
			this.declaredEnd = start + contentLength;
		}
	}

	read(ending: boolean): BodyOutcome {
		switch (this.mode) {
			case 'refused': {
				this.resumeFrom = this.start;
				return 'oversized';
			}

			case 'length': {
				if (this.context.queue.end < this.declaredEnd) {
					return ending ? this.endedEarly() : 'wait';
				}

				const outcome = this.verify(ending);
				if (outcome !== 'wait' || this.mode !== 'length' || this.emitted || this.earlyChecked) {
					return outcome;
				}

				// The bytes after the body have not settled it yet: emit now if that is certain.
				this.earlyChecked = true;
				if (!this.certainAtLength()) {
					return 'wait';
				}

				this.emitted = true;
				this.end = this.declaredEnd;
				return 'frame';
			}

			case 'search': {
				return this.search(ending);
			}
		}
	}

	private startSearch(from: number): void {
		this.mode = 'search';
		this.searchFrom = from;
	}

	/**
	Whether the declared body is the frame whatever follows it, so it need not wait a frame
	interval for the next delimiter: a whole JPEG (SOI … EOI) with no delimiter inside. Asked
	only while verify() waits, so the scan costs nothing when the delimiter came along. Then
	judgeContentLength() can only answer 'right', 'ended-right' or 'right-then-garbage', and
	each of those emits exactly [start, declaredEnd) (it answers 'too-short' only without the
	EOI, 'too-long' only with a delimiter inside).
	*/
	private certainAtLength(): boolean {
		const {context, start, declaredEnd} = this;
		return this.earlyPossible
			&& context.startsWithSoi(start, declaredEnd)
			&& context.endsWithEoi(start, declaredEnd)
			&& context.queue.indexOf(this.delimiter, start, declaredEnd) === -1;
	}

	private verify(ending: boolean): BodyOutcome {
		const {stats} = this.context;
		const verdict = judgeContentLength(this.context, this.delimiter, this.start, this.declaredEnd, ending, this.match);
		switch (verdict) {
			case 'wait': {
				return 'wait';
			}

			case 'right':
			case 'ended-right':
			case 'right-then-garbage': {
				this.end = this.declaredEnd;
				return verdict === 'right' ? 'delimiter' : (verdict === 'ended-right' ? 'ended' : 'garbage');
			}

			case 'too-long': {
				stats.contentLengthMismatches++;
				return this.found();
			}

			case 'too-short': {
				stats.contentLengthMismatches++;
				this.startSearch(this.declaredEnd);
				return this.search(ending);
			}
		}
	}

	/** The stream ended before the Content-Length was reached: a wrong length, or a cut stream? */
	private endedEarly(): BodyOutcome {
		const {context} = this;
		const {queue} = context;
		if (findDelimiter(queue, this.delimiter, this.start, queue.end, this.start, true, this.match) >= 0) {
			context.stats.contentLengthMismatches++;
			return this.found();
		}

		// A whole JPEG (its last line end aside) means the length was wrong; anything else was cut off.
		const end = withoutLineEnd(queue, this.start, queue.end);
		if (context.startsWithSoi(this.start, end) && context.endsWithEoi(this.start, end)) {
			context.stats.contentLengthMismatches++;
			this.end = end;
			return 'ended';
		}

		return 'cut';
	}

	private search(ending: boolean): BodyOutcome {
		const {queue, maxFrameBytes} = this.context;
		const found = findDelimiter(queue, this.delimiter, this.searchFrom, Number.POSITIVE_INFINITY, this.start, ending, this.match);
		if (found >= 0) {
			return this.match.bodyEnd - this.start > maxFrameBytes ? this.oversized() : this.found();
		}

		// Resume at the pending candidate, or where a delimiter could still start.
		this.searchFrom = found === FOUND_NEED_MORE ? this.match.position : Math.max(this.searchFrom, queue.end - this.delimiter.length + 1);
		// Every delimiter still possible would end the body past the limit.
		if (this.searchFrom - 2 - this.start > maxFrameBytes) {
			return this.oversized();
		}

		if (found !== FOUND_NONE || !ending) {
			return 'wait';
		}

		// The stream ended inside a body of unknown length: a last line end is structure.
		this.end = withoutLineEnd(queue, this.start, queue.end);
		this.searched = true;
		return this.end - this.start > maxFrameBytes ? this.oversized() : 'ended';
	}

	/** A delimiter ends the body (`match` filled in by findDelimiter). */
	private found(): BodyOutcome {
		this.end = this.match.bodyEnd;
		this.searched = true;
		return 'delimiter';
	}

	/** Past the limit: drop it, and resync from a position that does not depend on chunking. */
	private oversized(): BodyOutcome {
		this.context.stats.oversizedFrames++;
		this.resumeFrom = this.start + this.context.maxFrameBytes + 1;
		return 'oversized';
	}
}
