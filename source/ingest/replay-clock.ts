import type {Frame} from './types.js';

/** A recording with no X-Timestamp headers and no `replayFps` plays at ffmpeg's default rate for raw MJPEG. */
export const DEFAULT_REPLAY_FPS = 25;

/** A longer gap between two timestamps is a pause in the recording, not a rate: it plays as this. */
export const MAX_TIMESTAMP_GAP_MS = 5000;

/** Falling further behind than this (a slow disk, a busy loop) restarts the schedule instead of bursting to catch up. */
const MAX_LAG_MS = 1000;

/**
A part's X-Timestamp in ms, or undefined. Cameras and mjpg-streamer send seconds since
the epoch with a fraction (`1732170000.123`); a few send milliseconds, told apart by size.
*/
export function frameTimestampMs(frame: Frame): number | undefined {
	for (const [name, value] of frame.headers) {
		if (name.toLowerCase() === 'x-timestamp') {
			const number = Number.parseFloat(value);
			if (!Number.isFinite(number) || number < 0) {
				return undefined;
			}

			return number > 1e11 ? number : number * 1000;
		}
	}

	return undefined;
}

export type ReplayRate = {
	/** Frames per second; 0 = as fast as possible; undefined = from the timestamps. */
	readonly fps: number | undefined;
	/** The rate when there is neither `fps` nor a usable timestamp (0 for stdin: as it arrives). */
	readonly fallbackFps: number;
};

/**
When each frame of a replay is due. Keeps an anchor so that rounding and timer lateness
do not add up: frame N is due at the anchor plus the sum of the gaps before it.
*/
export class ReplayClock {
	readonly #rate: ReplayRate;
	#previousTimestamp: number | undefined;
	#due: number | undefined;

	constructor(rate: ReplayRate) {
		this.#rate = rate;
	}

	/** The gap to wait before `frame`, from the one before it (0 for the first). */
	gapBefore(frame: Frame): number {
		const timestamp = frameTimestampMs(frame);
		const previous = this.#previousTimestamp;
		this.#previousTimestamp = timestamp;
		if (this.#rate.fps !== undefined) {
			return this.#rate.fps === 0 ? 0 : 1000 / this.#rate.fps;
		}

		if (timestamp !== undefined && previous !== undefined && timestamp >= previous) {
			return Math.min(timestamp - previous, MAX_TIMESTAMP_GAP_MS);
		}

		return this.#rate.fallbackFps === 0 ? 0 : 1000 / this.#rate.fallbackFps;
	}

	/** When `frame` is due, given the time now; call once per frame, in order. */
	dueAt(frame: Frame, now: number): number {
		const gap = this.gapBefore(frame);
		const due = this.#due === undefined ? now : this.#due + gap;
		this.#due = due < now - MAX_LAG_MS ? now : due;
		return this.#due;
	}

	/** Start over (a loop back to the start of a file): the next frame is due at once, timestamps forgotten. */
	restart(): void {
		this.#previousTimestamp = undefined;
	}
}
