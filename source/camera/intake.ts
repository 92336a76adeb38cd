import type {CamtopError} from '../errors.js';
import type {SourceResponse} from '../ingest/source-types.js';
import type {Frame, SplitterStats} from '../ingest/types.js';
import type {SplitterLike} from './camera-options.js';
import {endError} from './end-error.js';
import {stallError} from './failure.js';

/**
What the current connection delivers and whether it still does: the splitter chosen by the
answer's Content-Type, whether the source is a recording, the stall time for this kind of
source, and the stall clock (restarted by the answer, then by every frame). Why a connection
failed (a stall, an end, or not MJPEG at all) depends on all of these, so it is judged here.
The camera owns one and starts it over per attempt.
*/
export class Intake {
	readonly #stallMs: number;
	readonly #ffmpegStallMs: number;
	readonly #createSplitter: (contentType: string | undefined) => SplitterLike;
	#splitter: SplitterLike | undefined;
	#contentType: string | undefined;
	/** The current connection's source is a recording (see SourceResponse.finite). */
	#finite = false;
	#connectionStallMs: number;
	/** When the stall clock last restarted: the response, then every frame. */
	#progressAt = 0;
	#gotFrame = false;

	constructor(stallMs: number, ffmpegStallMs: number, createSplitter: (contentType: string | undefined) => SplitterLike) {
		this.#stallMs = stallMs;
		this.#ffmpegStallMs = ffmpegStallMs;
		this.#connectionStallMs = stallMs;
		this.#createSplitter = createSplitter;
	}

	/** Splitter of the current (or, while waiting to reconnect, the last) connection. */
	get splitter(): SplitterLike | undefined {
		return this.#splitter;
	}

	/** Content-Type of the current (or last) answer. */
	get contentType(): string | undefined {
		return this.#contentType;
	}

	/** How often the watchdog looks: often enough to see a stall within a quarter of the stall time. */
	get tickMs(): number {
		return Math.min(1000, Math.max(10, Math.floor(this.#stallMs / 4)));
	}

	/** A new attempt: no frame yet, and the plain stall time until its answer says otherwise. */
	begin(): void {
		this.#gotFrame = false;
		this.#finite = false;
		this.#connectionStallMs = this.#stallMs;
	}

	/** The answer came: a splitter for its Content-Type, the stall time for its kind of source; the stall clock restarts. */
	answer(info: SourceResponse, now: number): SplitterStats {
		// A recording ends rather than fails; a slow source (snapshots, slow replay) may take longer than the stall time per frame.
		this.#finite = info.finite === true;
		this.#connectionStallMs = Math.max(info.ffmpeg === true ? this.#ffmpegStallMs : this.#stallMs, 3 * (info.frameIntervalMs ?? 0));
		this.#contentType = info.contentType;
		this.#splitter = this.#createSplitter(info.contentType);
		this.#progressAt = now;
		return this.#splitter.stats;
	}

	/** The frames `chunk` completes; none before the answer chose a splitter. */
	push(chunk: Uint8Array): Frame[] | undefined {
		return this.#splitter?.push(chunk);
	}

	/** The frames left when the source ended. */
	end(): Frame[] {
		return this.#splitter?.end() ?? [];
	}

	/** Frames came at `now`: the stall clock restarts. */
	progress(now: number): void {
		this.#progressAt = now;
		this.#gotFrame = true;
	}

	/** The stall error when no frame came for the stall time, else undefined. */
	stalled(now: number): CamtopError | undefined {
		if (now - this.#progressAt < this.#connectionStallMs) {
			return undefined;
		}

		return stallError(this.#connectionStallMs, this.#statsBeforeFirstFrame(), this.#contentType);
	}

	/** Why the source ended: undefined for a recording, whose end is expected. */
	endFailure(): CamtopError | undefined {
		return this.#finite ? undefined : endError(this.#statsBeforeFirstFrame(), this.#contentType);
	}

	/** The splitter's counters while this connection has not produced a frame (what the error messages judge by). */
	#statsBeforeFirstFrame(): SplitterStats | undefined {
		return this.#gotFrame ? undefined : this.#splitter?.stats;
	}
}
