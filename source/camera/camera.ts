import type {CamtopError} from '../errors.js';
import {FrameSplitter} from '../ingest/frame-splitter.js';
import type {HttpSourceOptions} from '../ingest/http-source.js';
import {openSource} from '../ingest/open-source.js';
import type {SourceOpener as IngestSourceOpener} from '../ingest/source-types.js';
import type {Frame, SplitterStats} from '../ingest/types.js';
import {redactUrl} from '../url-redact.js';
import {Backoff, DEFAULT_BACKOFF_MS} from './backoff.js';
import {endError} from './end-error.js';
import {stallError, stateAfter} from './failure.js';
import {retryDelay} from './retry-delay.js';
import {FrameStats} from './frame-stats.js';
import {SnapshotCache} from './snapshot-cache.js';
import {sourceOptionsOf} from './source-options.js';
import {CameraStats} from './stats.js';
import type {CameraConfig, CameraSnapshot, CameraState} from './types.js';

/** Connected, but no complete frame for this long: the camera is stalled. */
export const DEFAULT_STALL_MS = 10_000;

export type SplitterLike = {
	push(chunk: Uint8Array): Frame[];
	end(): Frame[];
	readonly stats: SplitterStats;
};

/** Where bytes come from; the default picks the source from the URL and `kind` (open-source.ts). */
export type SourceOpener = IngestSourceOpener;

export type CameraOptions = {
	/** Reconnect delays in ms; the last repeats. Default 1, 2, 5, 10, 30, 60 s. */
	backoffMs?: readonly number[];
	stallMs?: number;
	/** Live this long and the backoff schedule starts over. Default 30 s. */
	healthyMs?: number;
	now?: () => number;
	random?: () => number;
	timeouts?: Pick<HttpSourceOptions, 'connectTimeoutMs' | 'responseTimeoutMs' | 'idleTimeoutMs'>;
	/** Where bytes come from; default `openSource`, which picks HTTP, snapshot, TCP, file, stdin or ffmpeg. */
	openSource?: SourceOpener;
	createSplitter?: (contentType: string | undefined) => SplitterLike;
};

export type LatestFrame = {readonly frame: Frame; readonly seq: number; readonly receivedAt: number};

/** Told of every frame, in order (the camera itself keeps only the newest). */
export type FrameListener = (frame: Frame, info: {readonly seq: number; readonly receivedAt: number; readonly good: boolean}) => void;

/** The answer of the current (or last) connection; `at` is when it came (ms since epoch). */
export type ResponseInfo = {
	readonly statusCode: number;
	readonly headers: Readonly<Record<string, string | string[] | undefined>>;
	readonly at: number;
	/** The source is a recording (a file, stdin): its end is expected. */
	readonly finite: boolean;
};

const isJpegStart = (data: Uint8Array): boolean => data[0] === 0xFF && data[1] === 0xD8;

/**
One camera: a source, a FrameSplitter per connection, a supervisor (backoff with
jitter, stall watchdog) and stats. Keeps only the newest frame; `seq` grows by one per
frame over the camera's whole life, so a reader counts what it missed by the gap.
*/
export class Camera {
	readonly index: number;
	readonly config: CameraConfig;
	readonly #displayUrl: string;
	readonly #stallMs: number;
	/** Retry-After is honoured up to this (the slowest backoff step). */
	readonly #retryCapMs: number;
	readonly #now: () => number;
	readonly #backoff: Backoff;
	readonly #timeouts: CameraOptions['timeouts'];
	readonly #openSource: SourceOpener;
	readonly #createSplitter: (contentType: string | undefined) => SplitterLike;
	readonly #stats = new CameraStats();
	readonly #listeners = new Set<() => void>();
	readonly #frameStats = new FrameStats();
	readonly #frameListeners = new Set<FrameListener>();
	#response: ResponseInfo | undefined;
	#lastFailure: CamtopError | undefined;
	#startedAt: number | undefined;
	#pastLiveMs = 0;

	#running = false;
	/** Bumped per connection, so a late callback from a closed one is ignored. */
	#generation = 0;
	#source: {close(): void} | undefined;
	#splitter: SplitterLike | undefined;
	#retryTimer: NodeJS.Timeout | undefined;
	#watchdog: NodeJS.Timeout | undefined;
	/** When the stall clock last restarted: the response, then every frame. */
	#progressAt = 0;
	#gotFrameThisConnection = false;
	/** The current connection's source is a recording (see SourceResponse.finite). */
	#finite = false;
	#connectionStallMs: number;

	#state: CameraState = 'connecting';
	#reason: string | undefined;
	#since: number;
	#retryAt: number | undefined;
	#reconnects = 0;
	#contentType: string | undefined;
	#lastError: CameraSnapshot['lastError'];
	#seq = 0;
	#latest: LatestFrame | undefined;

	readonly #snapshotCache = new SnapshotCache();

	constructor(index: number, config: CameraConfig, options: CameraOptions = {}) {
		this.index = index;
		this.config = config;
		this.#displayUrl = redactUrl(config.url);
		this.#stallMs = options.stallMs ?? DEFAULT_STALL_MS;
		this.#connectionStallMs = this.#stallMs;
		this.#now = options.now ?? Date.now;
		this.#backoff = new Backoff(options.backoffMs ?? DEFAULT_BACKOFF_MS, {random: options.random, healthyMs: options.healthyMs});
		this.#retryCapMs = Math.max(...(options.backoffMs ?? DEFAULT_BACKOFF_MS));
		this.#timeouts = options.timeouts;
		this.#openSource = options.openSource ?? openSource;
		this.#createSplitter = options.createSplitter ?? (contentType => new FrameSplitter({contentType}));
		this.#since = this.#now();
	}

	get latest(): LatestFrame | undefined {
		return this.#latest;
	}

	/** Splitter counters of the current (or, while waiting to reconnect, the last) connection. */
	get splitterStats(): SplitterStats | undefined {
		return this.#splitter?.stats;
	}

	get state(): CameraState {
		return this.#state;
	}

	/** Per-frame statistics (sizes, JPEG header, Content-Length checks, timestamps). */
	get frameStats(): FrameStats {
		return this.#frameStats;
	}

	/** Status and headers of the current (or last) connection's answer. */
	get response(): ResponseInfo | undefined {
		return this.#response;
	}

	/** The error that ended the last connection, with its class (e.g. HttpStatusError). */
	get lastFailure(): CamtopError | undefined {
		return this.#lastFailure;
	}

	/** Call `listener` with every frame as it arrives, in order; returns the unsubscribe. */
	onFrame(listener: FrameListener): () => void {
		this.#frameListeners.add(listener);
		return () => {
			this.#frameListeners.delete(listener);
		};
	}

	start(): void {
		if (this.#running) {
			return;
		}

		this.#running = true;
		this.#startedAt ??= this.#now();
		this.#connect();
	}

	/** Close the source and clear every timer. Idempotent; start() may be called again. */
	stop(): void {
		this.#running = false;
		this.#closeConnection();
		this.#clearRetry();
	}

	/** Close and reconnect now, whatever the state (key `r`). */
	reconnect(): void {
		if (!this.#running) {
			return;
		}

		this.#closeConnection();
		this.#clearRetry();
		this.#reconnects++;
		this.#connect();
	}

	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	}

	/** The same object until something changed (see SnapshotCache). */
	snapshot(): CameraSnapshot {
		const now = this.#now();
		return this.#snapshotCache.get(now, this.#stats.ratesMoving(now), () => ({
			index: this.index,
			name: this.config.name,
			displayUrl: this.#displayUrl,
			state: this.#state,
			reason: this.#reason,
			fps: this.#stats.fps(now),
			fpsAverage: this.#stats.fpsAverage(),
			bytesPerSecond: this.#stats.bytesPerSecond(now),
			frames: this.#stats.frames,
			bytes: this.#stats.bytes,
			reconnects: this.#reconnects,
			framing: this.#splitter?.stats.framing ?? 'unknown',
			contentType: this.#contentType,
			lastError: this.#lastError,
			since: this.#since,
			lastFrameAt: this.#stats.lastFrameAt,
			retryAt: this.#retryAt,
			diagnostics: this.#frameStats.diagnostics(),
			startedAt: this.#startedAt,
			pastLiveMs: this.#pastLiveMs,
		}));
	}

	#connect(): void {
		const generation = ++this.#generation;
		this.#retryAt = undefined;
		this.#gotFrameThisConnection = false;
		this.#setState('connecting', undefined);
		const current = () => generation === this.#generation;
		this.#finite = false;
		this.#connectionStallMs = this.#stallMs;
		const source = this.#openSource({...sourceOptionsOf(this.config), ...this.#timeouts}, {
			onResponse: info => {
				if (current()) {
					this.#response = {statusCode: info.statusCode, headers: info.headers, at: this.#now(), finite: info.finite === true};
					// A recording ends rather than fails; a slow source (snapshots, slow replay) may take longer than the stall time per frame.
					this.#finite = info.finite === true;
					this.#connectionStallMs = Math.max(this.#stallMs, 3 * (info.frameIntervalMs ?? 0));
					this.#onResponse(info.contentType);
				}
			},
			onData: chunk => {
				if (current()) {
					this.#onData(chunk);
				}
			},
			onEnd: () => {
				if (current()) {
					this.#accept(this.#splitter?.end() ?? [], this.#now());
					if (this.#finite) {
						this.#end();
					} else {
						this.#fail(endError(this.#gotFrameThisConnection ? undefined : this.#splitter?.stats, this.#contentType));
					}
				}
			},
			onError: error => {
				if (current()) {
					this.#fail(error);
				}
			},
		});
		if (current()) {
			this.#source = source;
		} else {
			// The source failed synchronously and a retry is already scheduled.
			source.close();
		}
	}

	#onResponse(contentType: string | undefined): void {
		this.#contentType = contentType;
		this.#splitter = this.#createSplitter(contentType);
		this.#frameStats.connection(this.#splitter.stats);
		this.#progressAt = this.#now();
		this.#snapshotCache.markDirty();
		const tickMs = Math.min(1000, Math.max(10, Math.floor(this.#stallMs / 4)));
		this.#watchdog = setInterval(() => {
			this.#checkStall();
		}, tickMs);
	}

	#onData(chunk: Uint8Array): void {
		const now = this.#now();
		this.#stats.addBytes(now, chunk.length);
		this.#snapshotCache.markDirty();
		if (this.#splitter) {
			this.#accept(this.#splitter.push(chunk), now);
		}
	}

	#accept(frames: Frame[], now: number): void {
		let newest: Frame | undefined;
		let count = 0;
		for (const frame of frames) {
			// The splitter promises SOI-first frames; anything else is not a frame.
			if (isJpegStart(frame.data)) {
				newest = frame;
				count++;
				const {good} = this.#frameStats.add(frame, now);
				for (const listener of this.#frameListeners) {
					listener(frame, {seq: this.#seq + count, receivedAt: now, good});
				}
			}
		}

		if (newest === undefined) {
			return;
		}

		if (this.#state !== 'live') {
			this.#stats.startLive();
		}

		// Only the newest frame of a batch is kept; the seq still counts every one.
		this.#seq += count;
		this.#latest = {frame: newest, seq: this.#seq, receivedAt: now};
		this.#stats.addFrames(now, count);
		this.#backoff.progress(now);
		this.#progressAt = now;
		this.#gotFrameThisConnection = true;
		if (this.#state === 'live') {
			this.#notify();
		} else {
			this.#setState('live', undefined);
		}
	}

	#checkStall(): void {
		const now = this.#now();
		if (now - this.#progressAt < this.#connectionStallMs) {
			return;
		}

		this.#fail(stallError(this.#connectionStallMs, this.#gotFrameThisConnection ? undefined : this.#splitter?.stats, this.#contentType));
	}

	#fail(error: CamtopError): void {
		const now = this.#now();
		this.#closeConnection();
		this.#clearRetry();
		const state = stateAfter(error);
		const delay = retryDelay(this.#backoff.next(now, {slow: state === 'failed'}), error, this.#retryCapMs);
		this.#lastError = {code: error.code, message: error.message};
		this.#lastFailure = error;
		this.#retryAt = now + delay;
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = undefined;
			this.#reconnects++;
			this.#connect();
		}, delay);
		this.#setState(state, error.message);
	}

	/** A finite source (a file, stdin) reached its end: keep the last frame, do not retry. */
	#end(): void {
		this.#closeConnection();
		this.#clearRetry();
		this.#setState('ended', 'end of the recording');
	}

	#closeConnection(): void {
		this.#generation++;
		if (this.#watchdog) {
			clearInterval(this.#watchdog);
			this.#watchdog = undefined;
		}

		const source = this.#source;
		this.#source = undefined;
		source?.close();
	}

	#clearRetry(): void {
		if (this.#retryTimer) {
			clearTimeout(this.#retryTimer);
			this.#retryTimer = undefined;
		}

		this.#retryAt = undefined;
	}

	#setState(state: CameraState, reason: string | undefined): void {
		if (state !== this.#state) {
			const now = this.#now();
			if (this.#state === 'live') {
				this.#pastLiveMs += now - this.#since;
			}

			this.#since = now;
		}

		this.#state = state;
		this.#reason = reason;
		this.#notify();
	}

	#notify(): void {
		this.#snapshotCache.markDirty();
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
