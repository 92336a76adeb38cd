import {Buffer} from 'node:buffer';
import type {PartHeader} from './types.js';
import type {SplitterContext} from './splitter-context.js';

/** feed() result: the header block is not complete yet. */
export const HEADERS_NEED_MORE = -1;
/** feed() result: the header block passed `maxHeaderBytes`. */
export const HEADERS_TOO_LARGE = -2;

const CR = 0x0D;
const LF = 0x0A;
const COLON = 0x3A;
const SPACE = 0x20;
const TAB = 0x09;

/** A header value holding only digits, with at most this many (Number stays exact). */
const CONTENT_LENGTH = /^\d{1,15}$/;

type HeaderState =
	| 'line-start' // at the first byte of a header line (or of the blank line)
	| 'name' // inside a header name, before its colon
	| 'value' // after the colon, up to the line end
	| 'skip-line' // a line we ignore (folded or without a colon), up to its LF
	| 'line-cr' // a CR ended a line; an LF may follow
	| 'blank-cr'; // a CR at a line start; the LF after it ends the block

/**
The part header block of one multipart part as an explicit byte state machine
(busboy-style): names keep their spelling, values are trimmed (motion pads
`Content-Length:` with spaces), CRLF or bare LF, and a line split across chunks
anywhere, even between its CR and LF. Malformed lines are ignored, not fatal.
*/
export class PartHeaderParser {
	headers: PartHeader[] = [];
	/** The part's Content-Length when present and a plain decimal number. */
	contentLength: number | undefined;
	private state: HeaderState = 'line-start';
	private blockBytes = 0;
	/** The current line's bytes, so a line split across chunks is decoded once. */
	private line: Buffer = Buffer.allocUnsafe(256);
	private lineLength = 0;
	private colon = 0;
	private readonly context: SplitterContext;

	constructor(context: SplitterContext) {
		this.context = context;
	}

	reset(): void {
		this.headers = [];
		this.contentLength = undefined;
		this.state = 'line-start';
		this.blockBytes = 0;
		this.lineLength = 0;
	}

	/**
	Consume bytes from `from` up to the queue's end. Returns the position where the part
	body starts once the block is complete, HEADERS_NEED_MORE when every byte was consumed
	without reaching its end, or HEADERS_TOO_LARGE.
	*/
	feed(from: number): number {
		const {queue, maxHeaderBytes} = this.context;
		let position = from;
		while (position < queue.end) {
			const index = queue.locate(position);
			const view = queue.viewAt(index);
			const start = queue.startOf(index);
			for (let local = position - start; local < view.length; local++) {
				if (++this.blockBytes > maxHeaderBytes) {
					return HEADERS_TOO_LARGE;
				}

				const done = this.step(view[local]!);
				if (done === 1) {
					return start + local + 1;
				}

				if (done === 0) {
					// The body started without a blank line; this byte is its first.
					return start + local;
				}
			}

			position = start + view.length;
		}

		return HEADERS_NEED_MORE;
	}

	/** One byte; returns 1 when the block ended after it, 0 when it ended before it, -1 otherwise. */
	private step(byte: number): number {
		switch (this.state) {
			case 'line-start': {
				return this.lineStart(byte);
			}

			case 'name': {
				if (byte === COLON) {
					this.colon = this.lineLength;
					this.append(byte);
					this.state = 'value';
				} else if (byte === LF || byte === CR) {
					// A line without a colon is not a header: dropped.
					this.state = byte === LF ? 'line-start' : 'line-cr';
				} else {
					this.append(byte);
				}

				return -1;
			}

			case 'value': {
				if (byte === LF || byte === CR) {
					this.finishLine();
					this.state = byte === LF ? 'line-start' : 'line-cr';
				} else {
					this.append(byte);
				}

				return -1;
			}

			case 'skip-line': {
				if (byte === LF) {
					this.state = 'line-start';
				}

				return -1;
			}

			case 'line-cr': {
				this.state = 'line-start';
				// A lone CR ended the line; this byte belongs to the next one.
				return byte === LF ? -1 : this.lineStart(byte);
			}

			case 'blank-cr': {
				return byte === LF ? 1 : 0;
			}
		}
	}

	private lineStart(byte: number): number {
		this.lineLength = 0;
		if (byte === LF) {
			return 1;
		}

		if (byte === CR) {
			this.state = 'blank-cr';
		} else if (byte === 0xFF) {
			// Quirk: some cameras put the JPEG right after the last header line.
			return 0;
		} else if (byte === SPACE || byte === TAB) {
			// Obsolete line folding (RFC 9112 §5.2): ignored rather than joined.
			this.state = 'skip-line';
		} else {
			this.state = 'name';
			this.append(byte);
		}

		return -1;
	}

	private append(byte: number): void {
		if (this.lineLength === this.line.length) {
			const bigger = Buffer.allocUnsafe(this.line.length * 2);
			this.line.copy(bigger);
			this.line = bigger;
		}

		this.line[this.lineLength++] = byte;
	}

	private finishLine(): void {
		const name = this.line.toString('latin1', 0, this.colon).trim();
		if (name.length === 0) {
			return;
		}

		const value = this.line.toString('latin1', this.colon + 1, this.lineLength).trim();
		this.headers.push([name, value]);
		const lowerCaseName = name.toLowerCase();
		this.context.noteHeaderName(lowerCaseName);
		if (lowerCaseName === 'content-length' && this.contentLength === undefined && CONTENT_LENGTH.test(value)) {
			this.contentLength = Number(value);
		}
	}
}
