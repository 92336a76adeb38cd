import type {Frame, PartHeader, SplitterStats} from './types.js';
import {ByteQueue} from './byte-queue.js';

/** Distinct part header names remembered in `stats.partHeaderNames`. */
export const MAX_HEADER_NAMES = 32;

const EOI = new Uint8Array([0xFF, 0xD9]);

/** Shared by the framing parsers of one splitter: the bytes, the counters, the output. */
export class SplitterContext {
	readonly queue = new ByteQueue();
	readonly stats: SplitterStats = {
		framing: 'unknown',
		frames: 0,
		bytes: 0,
		frameBytes: 0,
		resyncs: 0,
		skippedBytes: 0,
		contentLengthMismatches: 0,
		partsWithoutLength: 0,
		oversizedFrames: 0,
		oversizedHeaders: 0,
		nonJpegParts: 0,
		declaredBoundary: undefined,
		seenBoundary: undefined,
		partHeaderNames: [],
	};

	readonly maxFrameBytes: number;
	readonly maxHeaderBytes: number;
	/** Frames completed during the current `push()` or `end()` call. */
	out: Frame[] = [];
	private readonly headerNames = new Set<string>();

	constructor(maxFrameBytes: number, maxHeaderBytes: number) {
		this.maxFrameBytes = maxFrameBytes;
		this.maxHeaderBytes = maxHeaderBytes;
	}

	/** Emit the bytes in [from, to) as a frame: a view when they sit in one chunk, else one copy. */
	emit(from: number, to: number, headers: readonly PartHeader[]): void {
		this.emitData(this.queue.take(from, to), headers);
	}

	/**
	One multipart part's body [from, to) is known. A JPEG (FF D8 first) becomes a frame;
	anything else is counted and skipped. A body found by searching (`searched`) is cut
	after its last EOI, so bytes a camera left between the JPEG and the delimiter do not
	ride along; `atEnd` when the end of the stream, not a delimiter, ended it.
	*/
	emitPart(from: number, to: number, headers: readonly PartHeader[], searched: boolean, atEnd: boolean): void {
		if (!this.startsWithSoi(from, to)) {
			this.stats.nonJpegParts++;
			this.skip(to - from);
			return;
		}

		if (!searched || this.endsWithEoi(from, to)) {
			this.emit(from, to, headers);
			return;
		}

		const data = this.queue.take(from, to);
		const eoi = data.lastIndexOf(EOI);
		if (eoi === -1) {
			// Between two delimiters the end is certain even without an EOI; at end of stream it is not.
			if (atEnd) {
				this.skip(to - from);
			} else {
				this.emitData(data, headers);
			}

			return;
		}

		this.skip(data.length - eoi - 2);
		this.emitData(data.subarray(0, eoi + 2), headers);
	}

	/** Emit bytes already taken from the queue (a view or the one copy). */
	emitData(data: Uint8Array, headers: readonly PartHeader[]): void {
		this.stats.frames++;
		this.stats.frameBytes += data.length;
		this.out.push({data, headers});
	}

	skip(count: number): void {
		this.stats.skippedBytes += count;
	}

	noteHeaderName(lowerCaseName: string): void {
		if (this.headerNames.size < MAX_HEADER_NAMES && !this.headerNames.has(lowerCaseName)) {
			this.headerNames.add(lowerCaseName);
			this.stats.partHeaderNames.push(lowerCaseName);
		}
	}

	/** Whether the two bytes before `position` are a JPEG EOI (FF D9). */
	endsWithEoi(from: number, position: number): boolean {
		return position - from >= 2 && this.queue.byteAt(position - 2) === 0xFF && this.queue.byteAt(position - 1) === 0xD9;
	}

	/** Whether the bytes at `position` are a JPEG SOI (FF D8). */
	startsWithSoi(position: number, to: number): boolean {
		return to - position >= 2 && this.queue.byteAt(position) === 0xFF && this.queue.byteAt(position + 1) === 0xD8;
	}
}
