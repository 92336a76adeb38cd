/** Width of one bucket of the sliding windows. */
export const BUCKET_MS = 100;
/** The sliding window is this many whole buckets: 1 s. */
export const WINDOW_BUCKETS = 10;
/** One slot more than the window, for the bucket still filling up. */
const RING = WINDOW_BUCKETS + 1;

/**
A per-second rate over the last second, from a ring of per-100 ms buckets.

`add` is O(1); `rate` sums eleven slots. Only whole buckets count (the current,
still-filling one is left out), so the window is exactly one second long and the
reading lags by at most one bucket. Before a full second has passed the rate is taken
over the time since the first event, rounded down to its bucket.
*/
export class SlidingRate {
	readonly #ids = new Float64Array(RING).fill(-1);
	readonly #sums = new Float64Array(RING);
	#originBucket: number | undefined;

	add(now: number, amount: number): void {
		const id = Math.floor(now / BUCKET_MS);
		this.#originBucket ??= id;
		const slot = id % RING;
		if (this.#ids[slot] !== id) {
			this.#ids[slot] = id;
			this.#sums[slot] = 0;
		}

		this.#sums[slot]! += amount;
	}

	/** Amount per second over the last whole second. */
	rate(now: number): number {
		if (this.#originBucket === undefined) {
			return 0;
		}

		const current = Math.floor(now / BUCKET_MS);
		const first = Math.max(current - WINDOW_BUCKETS, this.#originBucket);
		const buckets = current - first;
		if (buckets <= 0) {
			return 0;
		}

		let sum = 0;
		for (let slot = 0; slot < RING; slot++) {
			const id = this.#ids[slot]!;
			if (id >= first && id < current) {
				sum += this.#sums[slot]!;
			}
		}

		return (sum * 1000) / (buckets * BUCKET_MS);
	}

	/** The bucket `now` falls in; a reading can only change when this does. */
	static bucketOf(now: number): number {
		return Math.floor(now / BUCKET_MS);
	}
}

/** Frame and byte counters of one camera; every method is O(1) per frame or chunk. */
export class CameraStats {
	readonly #fps = new SlidingRate();
	readonly #byteRate = new SlidingRate();
	#frames = 0;
	#bytes = 0;
	#liveFrames = 0;
	#firstLiveFrameAt: number | undefined;
	#lastFrameAt: number | undefined;
	#lastEventAt: number | undefined;

	get frames(): number {
		return this.#frames;
	}

	/** Bytes received from the network (framing included). */
	get bytes(): number {
		return this.#bytes;
	}

	get lastFrameAt(): number | undefined {
		return this.#lastFrameAt;
	}

	/**
	Whether the rates may still read differently later without any new event: true until
	the newest event has left the sliding window.
	*/
	ratesMoving(now: number): boolean {
		return this.#lastEventAt !== undefined && now - this.#lastEventAt <= (WINDOW_BUCKETS + 1) * BUCKET_MS;
	}

	addBytes(now: number, count: number): void {
		this.#lastEventAt = now;
		this.#bytes += count;
		this.#byteRate.add(now, count);
	}

	addFrames(now: number, count: number): void {
		this.#lastEventAt = now;
		this.#frames += count;
		this.#fps.add(now, count);
		this.#firstLiveFrameAt ??= now;
		this.#liveFrames += count;
		this.#lastFrameAt = now;
	}

	/** A new live period starts with the next frame (the average is "since live"). */
	startLive(): void {
		this.#firstLiveFrameAt = undefined;
		this.#liveFrames = 0;
	}

	fps(now: number): number {
		return this.#fps.rate(now);
	}

	bytesPerSecond(now: number): number {
		return this.#byteRate.rate(now);
	}

	/**
	Average fps of the current (or last) live period: frame intervals over the time from
	its first to its latest frame, so a steady stream reads its true rate at once.
	*/
	fpsAverage(): number {
		if (this.#firstLiveFrameAt === undefined || this.#lastFrameAt === undefined) {
			return 0;
		}

		const elapsed = this.#lastFrameAt - this.#firstLiveFrameAt;
		return elapsed > 0 ? ((this.#liveFrames - 1) * 1000) / elapsed : 0;
	}
}
