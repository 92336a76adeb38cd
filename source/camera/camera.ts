import type {CamtopError} from '../errors.js';
import {FrameSplitter} from '../ingest/frame-splitter.js';
import {openSource} from '../ingest/open-source.js';
import type {SourceResponse} from '../ingest/source-types.js';
import type {Frame, SplitterStats} from '../ingest/types.js';
import {redactUrl} from '../url-redact.js';
import {Backoff, DEFAULT_BACKOFF_MS} from './backoff.js';
import {DEFAULT_FFMPEG_STALL_MS, DEFAULT_STALL_MS, type CameraOptions, type FrameListener, type LatestFrame, type ResponseInfo, type SourceOpener} from './camera-options.js';
import {CameraStatus} from './camera-status.js';
import {Connection} from './connection.js';
import {stateAfter} from './failure.js';
import {retryDelay} from './retry-delay.js';
import {FrameSlot} from './frame-slot.js';
import {FrameStats} from './frame-stats.js';
import {Intake} from './intake.js';
import {sourceOptionsOf} from './source-options.js';
import {CameraStats} from './stats.js';
import type {CameraConfig, CameraSnapshot, CameraState} from './types.js';

export {DEFAULT_FFMPEG_STALL_MS, DEFAULT_STALL_MS} from './camera-options.js';
export type {CameraOptions, FrameListener, LatestFrame, ResponseInfo, SourceOpener, SplitterLike} from './camera-options.js';

/**
One camera: a source, a FrameSplitter per connection, a supervisor (backoff with
jitter, stall watchdog) and stats. Keeps only the newest frame; `seq` grows by one per
frame over the camera's whole life, so a reader counts what it missed by the gap.
The jobs live apart: connection.ts (attempts and timers), intake.ts (what the current
connection delivers: its splitter, stall clock and why it failed), camera-status.ts (state
and subscribers), frame-slot.ts (the newest frame and frame listeners).
*/
export class Camera {
	readonly index: number;
	readonly config: CameraConfig;
	readonly #displayUrl: string;
	/** Retry-After is honoured up to this (the slowest backoff step). */
	readonly #retryCapMs: number;
	readonly #now: () => number;
	readonly #backoff: Backoff;
	readonly #timeouts: CameraOptions['timeouts'];
	readonly #openSource: SourceOpener;
	readonly #intake: Intake;
	readonly #stats = new CameraStats();
	readonly #frameStats = new FrameStats();
	readonly #slot = new FrameSlot();
	readonly #status: CameraStatus;
	readonly #connection = new Connection();
	#response: ResponseInfo | undefined;
	#lastFailure: CamtopError | undefined;
	#startedAt: number | undefined;

	#running = false;
	#retryAt: number | undefined;
	#reconnects = 0;
	#lastError: CameraSnapshot['lastError'];
	/** staleSeconds of the last snapshot: a new whole second rebuilds it, so the age shown counts up. */
	#staleSeconds: number | undefined;

	constructor(index: number, config: CameraConfig, options: CameraOptions = {}) {
		this.index = index;
		this.config = config;
		this.#displayUrl = redactUrl(config.url);
		const stallMs = options.stallMs ?? DEFAULT_STALL_MS;
		const ffmpegStallMs = options.ffmpegStallMs ?? Math.max(stallMs, DEFAULT_FFMPEG_STALL_MS);
		this.#intake = new Intake(stallMs, ffmpegStallMs, options.createSplitter ?? (contentType => new FrameSplitter({contentType})));
		this.#now = options.now ?? Date.now;
		this.#backoff = new Backoff(options.backoffMs ?? DEFAULT_BACKOFF_MS, {random: options.random, healthyMs: options.healthyMs});
		this.#retryCapMs = Math.max(...(options.backoffMs ?? DEFAULT_BACKOFF_MS));
		this.#timeouts = options.timeouts;
		this.#openSource = options.openSource ?? openSource;
		this.#status = new CameraStatus(this.#now);
	}

	get latest(): LatestFrame | undefined {
		return this.#slot.latest;
	}

	/**
	The newest frame is old news: the camera has a picture but is not live (stalled,
	reconnecting, failed, or connecting again). The render loop draws such a picture dimmed.
	A recording that ended keeps its last picture as it is.
	*/
	get stale(): boolean {
		const {state} = this.#status;
		return this.#slot.latest !== undefined && state !== 'live' && state !== 'ended';
	}

	/** Splitter counters of the current (or, while waiting to reconnect, the last) connection. */
	get splitterStats(): SplitterStats | undefined {
		return this.#intake.splitter?.stats;
	}

	get state(): CameraState {
		return this.#status.state;
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
		return this.#slot.onFrame(listener);
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
		this.#connection.close();
		this.#clearRetry();
	}

	/** Close and reconnect now, whatever the state (key `r`). */
	reconnect(): void {
		if (!this.#running) {
			return;
		}

		this.#connection.close();
		this.#clearRetry();
		this.#reconnects++;
		this.#connect();
	}

	subscribe(listener: () => void): () => void {
		return this.#status.subscribe(listener);
	}

	/** The same object until something changed (see SnapshotCache). */
	snapshot(): CameraSnapshot {
		const now = this.#now();
		const status = this.#status;
		const lastFrameAt = this.#stats.lastFrameAt;
		const staleSeconds = this.stale && lastFrameAt !== undefined ? Math.max(0, Math.floor((now - lastFrameAt) / 1000)) : undefined;
		if (staleSeconds !== this.#staleSeconds) {
			this.#staleSeconds = staleSeconds;
			status.cache.markDirty();
		}

		return status.cache.get(now, this.#stats.ratesMoving(now), () => ({
			index: this.index,
			name: this.config.name,
			displayUrl: this.#displayUrl,
			state: status.state,
			reason: status.reason,
			fps: this.#stats.fps(now),
			fpsAverage: this.#stats.fpsAverage(),
			bytesPerSecond: this.#stats.bytesPerSecond(now),
			frames: this.#stats.frames,
			bytes: this.#stats.bytes,
			reconnects: this.#reconnects,
			framing: this.#intake.splitter?.stats.framing ?? 'unknown',
			contentType: this.#intake.contentType,
			lastError: this.#lastError,
			since: status.since,
			lastFrameAt,
			staleSeconds,
			retryAt: this.#retryAt,
			diagnostics: this.#frameStats.diagnostics(),
			startedAt: this.#startedAt,
			pastLiveMs: status.pastLiveMs,
		}));
	}

	#connect(): void {
		// Begun before the state changes, so a subscriber that stops the camera ends this attempt.
		const generation = this.#connection.begin();
		this.#retryAt = undefined;
		this.#intake.begin();
		this.#status.set('connecting', undefined);
		this.#connection.open(generation, this.#openSource, {...sourceOptionsOf(this.config), ...this.#timeouts}, {
			onResponse: info => {
				this.#response = {statusCode: info.statusCode, headers: info.headers, at: this.#now(), finite: info.finite === true};
				this.#onResponse(info);
			},
			onData: chunk => {
				this.#onData(chunk);
			},
			onEnd: () => {
				this.#accept(this.#intake.end(), this.#now());
				const failure = this.#intake.endFailure();
				if (failure) {
					this.#fail(failure);
				} else {
					this.#end();
				}
			},
			onError: error => {
				this.#fail(error);
			},
		});
	}

	#onResponse(info: SourceResponse): void {
		this.#frameStats.connection(this.#intake.answer(info, this.#now()));
		this.#status.cache.markDirty();
		this.#connection.watch(this.#intake.tickMs, () => {
			const stalled = this.#intake.stalled(this.#now());
			if (stalled) {
				this.#fail(stalled);
			}
		});
	}

	#onData(chunk: Uint8Array): void {
		const now = this.#now();
		this.#stats.addBytes(now, chunk.length);
		this.#status.cache.markDirty();
		const frames = this.#intake.push(chunk);
		if (frames) {
			this.#accept(frames, now);
		}
	}

	#accept(frames: Frame[], now: number): void {
		const count = this.#slot.accept(frames, now, frame => this.#frameStats.add(frame, now).good);
		if (count === 0) {
			return;
		}

		if (this.#status.state !== 'live') {
			this.#stats.startLive();
		}

		this.#stats.addFrames(now, count);
		this.#backoff.progress(now);
		this.#intake.progress(now);
		if (this.#status.state === 'live') {
			this.#status.notify();
		} else {
			this.#status.set('live', undefined);
		}
	}

	#fail(error: CamtopError): void {
		const now = this.#now();
		this.#connection.close();
		this.#clearRetry();
		const state = stateAfter(error);
		const delay = retryDelay(this.#backoff.next(now, {slow: state === 'failed'}), error, this.#retryCapMs);
		this.#lastError = {code: error.code, message: error.message};
		this.#lastFailure = error;
		this.#retryAt = now + delay;
		this.#connection.scheduleRetry(delay, () => {
			this.#reconnects++;
			this.#connect();
		});
		this.#status.set(state, error.message, now);
	}

	/** A finite source (a file, stdin) reached its end: keep the last frame, do not retry. */
	#end(): void {
		this.#connection.close();
		this.#clearRetry();
		this.#status.set('ended', 'end of the recording');
	}

	#clearRetry(): void {
		this.#connection.clearRetry();
		this.#retryAt = undefined;
	}
}
