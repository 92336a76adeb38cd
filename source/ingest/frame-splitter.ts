import {Buffer} from 'node:buffer';
import type {Frame, SplitterStats} from './types.js';
import {sniffLine} from './boundary-sniffer.js';
import {parseContentType} from './content-type.js';
import {JpegScanner} from './jpeg-scanner.js';
import {MultipartParser} from './multipart-parser.js';
import {SplitterContext} from './splitter-context.js';

/** Largest frame (multipart part body or raw JPEG) the splitter will buffer. */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** Largest part header block, and longest preamble line, the splitter will buffer. */
export const MAX_PART_HEADER_BYTES = 16 * 1024;
/** RFC 2046 allows 70 boundary characters; anything much longer is not a boundary. */
const MAX_BOUNDARY_LENGTH = 200;
/** Below this a header block cannot hold even a Content-Type line. */
const MIN_HEADER_BYTES = 64;

export type FrameSplitterOptions = {
	/** The HTTP Content-Type header value, if any. */
	contentType?: string;
	/** Default MAX_FRAME_BYTES. */
	maxFrameBytes?: number;
	/** Default MAX_PART_HEADER_BYTES. */
	maxHeaderBytes?: number;
};

type Framing = {
	run(ending: boolean): void;
	finish(): void;
};

const limit = (value: number | undefined, fallback: number, minimum: number): number =>
	value !== undefined && Number.isFinite(value) && value >= minimum ? Math.floor(value) : fallback;

/**
Splits an MJPEG byte stream into JPEG frames: multipart/x-mixed-replace (boundary from
the Content-Type or sniffed from the body) or raw concatenated JPEGs, decided from the
first bytes. Pure: bytes in, frames out, no I/O and no timers.

A frame's `data` is a `subarray` of a pushed chunk when the frame lay inside it, so the
splitter keeps views of pushed chunks: do not modify a chunk after pushing it. Memory
held is bounded by `maxFrameBytes` + `maxHeaderBytes` (plus a delimiter's length);
malformed input is counted in `stats`, never thrown.
*/
export class FrameSplitter {
	private readonly context: SplitterContext;
	private readonly declaredCore: string | undefined;
	private framing: Framing | undefined;
	/** Before framing is known: the start of the next preamble line to look at. */
	private sniffPosition = 0;
	private ended = false;

	constructor(options: FrameSplitterOptions = {}) {
		this.context = new SplitterContext(
			limit(options.maxFrameBytes, MAX_FRAME_BYTES, 2),
			limit(options.maxHeaderBytes, MAX_PART_HEADER_BYTES, MIN_HEADER_BYTES),
		);
		const {boundary} = parseContentType(options.contentType);
		this.context.stats.declaredBoundary = boundary;
		// The core without dashes matches both readings of `boundary=--x` (see sniffLine).
		const core = boundary?.replace(/^-+/, '');
		this.declaredCore = core !== undefined && core.length > 0 && core.length <= MAX_BOUNDARY_LENGTH ? core : undefined;
	}

	/** Frames completed by this chunk, in order. */
	push(chunk: Uint8Array): Frame[] {
		const {context} = this;
		const out: Frame[] = [];
		context.out = out;
		context.stats.bytes += chunk.length;
		if (chunk.length === 0) {
			return out;
		}

		if (this.ended) {
			// Nothing may follow end(); such bytes are counted, not parsed.
			context.skip(chunk.length);
			return out;
		}

		context.queue.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
		this.run(false);
		return out;
	}

	/** Flush at end of stream: a final frame whose end is certain. Later pushes are ignored. */
	end(): Frame[] {
		const {context} = this;
		const out: Frame[] = [];
		context.out = out;
		if (this.ended) {
			return out;
		}

		this.ended = true;
		this.run(true);
		if (this.framing === undefined) {
			context.skip(context.queue.end - this.sniffPosition);
			this.sniffPosition = context.queue.end;
		} else {
			this.framing.finish();
		}

		context.queue.release(context.queue.end);
		return out;
	}

	/** Live counters; read them, do not write them. */
	get stats(): SplitterStats {
		return this.context.stats;
	}

	/** Bytes of pushed chunks the splitter still holds on to (for tests and diagnostics). */
	get bufferedBytes(): number {
		return this.context.queue.heldBytes;
	}

	private run(ending: boolean): void {
		this.framing ??= this.sniff(ending);
		this.framing?.run(ending);
	}

	private sniff(ending: boolean): Framing | undefined {
		const {context} = this;
		const {queue, stats} = context;
		while (this.sniffPosition < queue.end) {
			const result = sniffLine(context, this.sniffPosition, this.declaredCore, ending);
			switch (result.kind) {
				case 'need-more': {
					queue.release(this.sniffPosition);
					return undefined;
				}

				case 'skip': {
					context.skip(result.to - this.sniffPosition);
					this.sniffPosition = result.to;
					break;
				}

				case 'jpeg': {
					context.skip(result.at - this.sniffPosition);
					stats.framing = 'jpeg';
					return new JpegScanner(context, result.at);
				}

				case 'multipart': {
					context.skip(result.at - this.sniffPosition);
					stats.framing = 'multipart';
					stats.seenBoundary = result.delimiter.toString('latin1');
					return new MultipartParser(context, result.delimiter, result.at + result.delimiter.length);
				}
			}
		}

		queue.release(this.sniffPosition);
		return undefined;
	}
}
