import type {Frame, SplitterStats} from '../ingest/types.js';
import {inspectJpeg, type JpegInfo} from './jpeg-info.js';
import {RecentWindow, RunningStats, type Jitter, type Spread} from './series.js';
import {headerValue, parseTimestamp} from './timestamp-header.js';
import type {CameraDiagnostics, LengthError} from './types.js';

/** Frames the "now" readings (latency, jitter) of the stats panel are taken over. */
export const RECENT_FRAMES = 64;
/** Distinct Content-Length errors (declared minus real) remembered; the rest are summed as one. */
const MAX_LENGTH_ERRORS = 8;

export type FrameVerdict = {
	/** A whole JPEG (see inspectJpeg); a corrupt frame is still counted and recorded, never saved as a snapshot. */
	readonly good: boolean;
	readonly problem: string | undefined;
};

/** Splitter counters that add up over connections (each connection has its own splitter). */
type Totals = Pick<SplitterStats, 'contentLengthMismatches' | 'partsWithoutLength' | 'skippedBytes' | 'resyncs' | 'nonJpegParts' | 'oversizedFrames' | 'oversizedHeaders'>;
const totalKeys: ReadonlyArray<keyof Totals> = ['contentLengthMismatches', 'partsWithoutLength', 'skippedBytes', 'resyncs', 'nonJpegParts', 'oversizedFrames', 'oversizedHeaders'];

/** Whole-run figures for `camtop probe` (the panel shows the recent ones). */
export type RunSummary = {
	readonly latencyMs: Spread | undefined;
	readonly arrivalJitter: Jitter | undefined;
	readonly timestampJitter: Jitter | undefined;
	/** Frame rate by the camera's own X-Timestamps, first to last. */
	readonly cameraFps: number | undefined;
	readonly timestampedFrames: number;
};

const positiveInteger = /^\d+$/;

/**
Per-frame facts of one camera over its whole life: sizes, the JPEG header, good vs
corrupt, Content-Length checked against the real frame length, X-Timestamp latency and
interval jitter, plus the splitter counters summed over connections. O(1) per frame
(plus one pass over the frame's bytes to check it is whole).
*/
export class FrameStats {
	#good = 0;
	#corrupt = 0;
	#trailing = 0;
	#lastCorruption: string | undefined;
	readonly #sizes = new RunningStats();
	#jpeg: JpegInfo | undefined;
	#resolutionChanges = 0;
	#partsWithLength = 0;
	readonly #lengthErrors = new Map<number, number>();
	readonly #latencyRecent = new RecentWindow(RECENT_FRAMES);
	readonly #latencyRun = new RunningStats();
	readonly #arrivalRecent = new RecentWindow(RECENT_FRAMES);
	readonly #arrivalRun = new RunningStats();
	readonly #stampRecent = new RecentWindow(RECENT_FRAMES);
	readonly #stampRun = new RunningStats();
	#timestamped = 0;
	#firstStamp: number | undefined;
	#lastStamp: number | undefined;
	#stampFrames = 0;
	#lastArrival: number | undefined;
	readonly #retired: Totals = {contentLengthMismatches: 0, partsWithoutLength: 0, skippedBytes: 0, resyncs: 0, nonJpegParts: 0, oversizedFrames: 0, oversizedHeaders: 0};
	#splitter: SplitterStats | undefined;
	#version = 0;
	#cachedKey = '';
	#cached: CameraDiagnostics | undefined;

	/** A new connection with its own splitter: fold the last one's counters into the totals. */
	connection(splitter: SplitterStats): void {
		this.#retire();
		this.#splitter = splitter;
		// Intervals across a reconnect are not the camera's frame interval.
		this.#lastArrival = undefined;
		this.#lastStamp = undefined;
		this.#version++;
	}

	add(frame: Frame, now: number): FrameVerdict {
		const {data, headers} = frame;
		this.#version++;
		this.#sizes.add(data.length);
		const {info, problem, trailingBytes} = inspectJpeg(data);
		if (trailingBytes > 0) {
			this.#trailing++;
		}

		if (problem === undefined) {
			this.#good++;
			if (info && this.#jpeg && (info.width !== this.#jpeg.width || info.height !== this.#jpeg.height)) {
				this.#resolutionChanges++;
			}

			this.#jpeg = info;
		} else {
			this.#corrupt++;
			this.#lastCorruption = problem;
		}

		this.#checkLength(headerValue(headers, 'content-length'), data.length);
		if (this.#lastArrival !== undefined) {
			const interval = now - this.#lastArrival;
			this.#arrivalRecent.add(interval);
			this.#arrivalRun.add(interval);
		}

		this.#lastArrival = now;
		const stampText = headerValue(headers, 'x-timestamp');
		const stamp = stampText === undefined ? undefined : parseTimestamp(stampText);
		if (stamp) {
			this.#noteStamp(stamp.ms, stamp.wallClock, now);
		}

		return {good: problem === undefined, problem};
	}

	/** The panel's figures; the same object until something changed. */
	diagnostics(): CameraDiagnostics {
		const splitter = this.#splitter;
		const key = splitter
			? `${this.#version} ${totalKeys.map(name => splitter[name]).join(' ')} ${splitter.seenBoundary} ${splitter.partHeaderNames.length}`
			: String(this.#version);
		if (this.#cached && key === this.#cachedKey) {
			return this.#cached;
		}

		const totals = this.#totals();
		this.#cachedKey = key;
		this.#cached = {
			goodFrames: this.#good,
			corruptFrames: this.#corrupt,
			lastCorruption: this.#lastCorruption,
			framesWithTrailingBytes: this.#trailing,
			frameSize: this.#sizes.spread(),
			jpeg: this.#jpeg,
			resolutionChanges: this.#resolutionChanges,
			declaredBoundary: splitter?.declaredBoundary,
			seenBoundary: splitter?.seenBoundary,
			partHeaderNames: splitter ? [...splitter.partHeaderNames] : [],
			partsWithLength: this.#partsWithLength,
			lengthErrors: this.#lengthErrorList(),
			...totals,
			timestampedFrames: this.#timestamped,
			latencyMs: this.#latencyRecent.spread(),
			timestampJitter: this.#stampRecent.jitter(),
			arrivalJitter: this.#arrivalRecent.jitter(),
		};
		return this.#cached;
	}

	run(): RunSummary {
		const span = this.#lastStamp !== undefined && this.#firstStamp !== undefined ? this.#lastStamp - this.#firstStamp : 0;
		return {
			latencyMs: this.#latencyRun.spread(),
			arrivalJitter: this.#arrivalRun.jitter(),
			timestampJitter: this.#stampRun.jitter(),
			cameraFps: span > 0 && this.#stampFrames > 1 ? ((this.#stampFrames - 1) * 1000) / span : undefined,
			timestampedFrames: this.#timestamped,
		};
	}

	#checkLength(declared: string | undefined, actual: number): void {
		if (declared === undefined || !positiveInteger.test(declared)) {
			return;
		}

		this.#partsWithLength++;
		const delta = Number(declared) - actual;
		if (delta === 0) {
			return;
		}

		const key = this.#lengthErrors.has(delta) || this.#lengthErrors.size < MAX_LENGTH_ERRORS - 1 ? delta : Number.NaN;
		this.#lengthErrors.set(key, (this.#lengthErrors.get(key) ?? 0) + 1);
	}

	#lengthErrorList(): LengthError[] {
		return [...this.#lengthErrors]
			.map(([delta, parts]) => ({delta: Number.isNaN(delta) ? undefined : delta, parts}))
			.sort((a, b) => b.parts - a.parts);
	}

	#noteStamp(ms: number, wallClock: boolean, now: number): void {
		this.#timestamped++;
		if (wallClock) {
			this.#latencyRecent.add(now - ms);
			this.#latencyRun.add(now - ms);
		}

		if (this.#lastStamp !== undefined) {
			this.#stampRecent.add(ms - this.#lastStamp);
			this.#stampRun.add(ms - this.#lastStamp);
		}

		if (this.#firstStamp === undefined || this.#lastStamp === undefined) {
			// The camera-clock rate is measured over one unbroken run of timestamps.
			this.#firstStamp = ms;
			this.#stampFrames = 0;
		}

		this.#stampFrames++;
		this.#lastStamp = ms;
	}

	#totals(): Totals {
		const totals = {...this.#retired};
		if (this.#splitter) {
			for (const name of totalKeys) {
				totals[name] += this.#splitter[name];
			}
		}

		return totals;
	}

	#retire(): void {
		if (this.#splitter) {
			for (const name of totalKeys) {
				this.#retired[name] += this.#splitter[name];
			}
		}
	}
}
