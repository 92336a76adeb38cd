import {Buffer} from 'node:buffer';
import type {SplitterContext} from './splitter-context.js';

type JpegState =
	| 'seek' // looking for the next SOI, skipping whatever is not a frame
	| 'marker' // at a marker (FF xx) between segments
	| 'entropy'; // inside entropy-coded data after SOS, looking for the next real marker

/** SOI followed by the first marker's FF: what every JPEG a camera or ffmpeg sends starts with. */
const SOI = Buffer.from([0xFF, 0xD8, 0xFF]);

const isRestart = (marker: number): boolean => marker >= 0xD0 && marker <= 0xD7;

/**
Raw JPEG framing (ITU T.81 §B.1): walk the segments from SOI by their 2-byte lengths,
and after SOS scan the entropy-coded data for a marker (FF not followed by 00 stuffing
or an RSTn). Because segments are skipped by length, an EXIF thumbnail's own
`FF D8 … FF D9` inside APP1 cannot end a frame early, as searching for FF D9 would.
*/
export class JpegScanner {
	private state: JpegState = 'seek';
	private readonly context: SplitterContext;
	private frameStart = 0;
	/** 'marker': where the next marker's FF is. 'entropy': first byte not yet scanned. */
	private position = 0;
	/** 'seek': where this run of skipped bytes started, what is counted, where to search. */
	private seekStart: number;
	private skipFrom: number;
	private searchFrom: number;

	constructor(context: SplitterContext, start: number) {
		this.context = context;
		this.seekStart = start;
		this.skipFrom = start;
		this.searchFrom = start;
	}

	run(_ending: boolean): void {
		while (this.step()) {
			// Each step consumed bytes or changed state.
		}

		this.context.queue.release(this.state === 'seek' ? this.skipFrom : this.frameStart);
	}

	/** At end of stream: a frame without its EOI is not certain, so it is skipped. */
	finish(): void {
		const {queue} = this.context;
		this.context.skip(queue.end - (this.state === 'seek' ? this.skipFrom : this.frameStart));
		this.startSeek(queue.end, queue.end);
	}

	private step(): boolean {
		switch (this.state) {
			case 'seek': {
				return this.seek();
			}

			case 'marker': {
				return this.tooLarge() || this.marker();
			}

			case 'entropy': {
				return this.tooLarge() || this.entropy();
			}
		}
	}

	private startSeek(seekStart: number, searchFrom: number): void {
		this.state = 'seek';
		this.seekStart = seekStart;
		this.skipFrom = seekStart;
		this.searchFrom = searchFrom;
	}

	private seek(): boolean {
		const {context} = this;
		const {queue} = context;
		const found = queue.indexOf(SOI, this.searchFrom);
		if (found === -1) {
			const safe = Math.max(queue.end - SOI.length + 1, Math.min(this.searchFrom, queue.end));
			context.skip(safe - this.skipFrom);
			this.skipFrom = safe;
			this.searchFrom = Math.max(this.searchFrom, safe);
			return false;
		}

		context.skip(found - this.skipFrom);
		if (found > this.seekStart) {
			// Garbage between frames, or the remains of a broken one.
			context.stats.resyncs++;
		}

		this.state = 'marker';
		this.frameStart = found;
		this.position = found + 2;
		return true;
	}

	/** Any end this frame can still have is past maxFrameBytes: drop it. */
	private tooLarge(): boolean {
		const {context} = this;
		if (this.position + 2 - this.frameStart <= context.maxFrameBytes) {
			return false;
		}

		context.stats.oversizedFrames++;
		// Resume from a position fixed by the frame start, so chunking cannot change the outcome.
		this.startSeek(this.frameStart, this.frameStart + context.maxFrameBytes);
		return true;
	}

	/** The walk hit bytes that are not JPEG: look for a frame start after this one's. */
	private corrupt(): boolean {
		this.startSeek(this.frameStart, this.frameStart + 1);
		return true;
	}

	private marker(): boolean {
		const {queue} = this.context;
		const first = queue.byteAt(this.position);
		if (first === -1) {
			return false;
		}

		if (first !== 0xFF) {
			return this.corrupt();
		}

		// Any number of FF fill bytes may precede a marker (T.81 §B.1.1.2).
		let cursor = this.position + 1;
		let marker = queue.byteAt(cursor);
		while (marker === 0xFF) {
			marker = queue.byteAt(++cursor);
		}

		if (marker === -1) {
			this.position = cursor - 1;
			return false;
		}

		if (marker === 0xD9) {
			this.position = cursor - 1;
			if (this.tooLarge()) {
				return true;
			}

			this.context.emit(this.frameStart, cursor + 1, []);
			this.startSeek(cursor + 1, cursor + 1);
			return true;
		}

		if (marker === 0xD8 || marker === 0x00) {
			return this.corrupt();
		}

		if (marker === 0x01 || isRestart(marker)) {
			// Standalone markers carry no length.
			this.position = cursor + 1;
			return true;
		}

		const high = queue.byteAt(cursor + 1);
		const low = queue.byteAt(cursor + 2);
		if (high === -1 || low === -1) {
			this.position = cursor - 1;
			return false;
		}

		const length = (high << 8) | low;
		if (length < 2) {
			return this.corrupt();
		}

		this.position = cursor + 1 + length;
		this.state = marker === 0xDA ? 'entropy' : 'marker';
		return true;
	}

	private entropy(): boolean {
		const {queue} = this.context;
		for (;;) {
			if (this.tooLarge()) {
				return true;
			}

			const found = queue.indexOfByte(0xFF, this.position);
			if (found === -1) {
				this.position = Math.max(this.position, queue.end);
				return this.tooLarge();
			}

			const next = queue.byteAt(found + 1);
			if (next === -1) {
				this.position = found;
				return this.tooLarge();
			}

			if (next === 0x00 || isRestart(next)) {
				// Byte stuffing or a restart marker: still inside the scan.
				this.position = found + 2;
			} else if (next === 0xFF) {
				this.position = found + 1;
			} else {
				this.position = found;
				this.state = 'marker';
				return true;
			}
		}
	}
}
