import type {Frame} from '../ingest/types.js';
import type {FrameListener, LatestFrame} from './camera-options.js';

const isJpegStart = (data: Uint8Array): boolean => data[0] === 0xFF && data[1] === 0xD8;

/**
A camera's latest-frame slot: keeps only the newest frame, while `seq` grows by one per
frame over the camera's whole life (a reader counts what it missed by the gap); frame
listeners still see every frame, in order.
*/
export class FrameSlot {
	#seq = 0;
	#latest: LatestFrame | undefined;
	readonly #listeners = new Set<FrameListener>();

	get latest(): LatestFrame | undefined {
		return this.#latest;
	}

	/** Call `listener` with every frame as it arrives, in order; returns the unsubscribe. */
	onFrame(listener: FrameListener): () => void {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	}

	/**
	Take a batch from the splitter: each JPEG is judged (`judge` says whether it is good)
	and handed to the listeners; the newest becomes the latest. Returns how many there were.
	*/
	accept(frames: readonly Frame[], now: number, judge: (frame: Frame) => boolean): number {
		let newest: Frame | undefined;
		let count = 0;
		for (const frame of frames) {
			// The splitter promises SOI-first frames; anything else is not a frame.
			if (isJpegStart(frame.data)) {
				newest = frame;
				count++;
				const good = judge(frame);
				for (const listener of this.#listeners) {
					listener(frame, {seq: this.#seq + count, receivedAt: now, good});
				}
			}
		}

		if (newest !== undefined) {
			// Only the newest frame of a batch is kept; the seq still counts every one.
			this.#seq += count;
			this.#latest = {frame: newest, seq: this.#seq, receivedAt: now};
		}

		return count;
	}
}
