/** Delays between reconnect attempts; the last one repeats. */
export const DEFAULT_BACKOFF_MS: readonly number[] = [1000, 2000, 5000, 10_000, 30_000, 60_000];

/** A connection must deliver frames for this long before the schedule starts over. */
export const DEFAULT_HEALTHY_MS = 30_000;

/** Each delay is spread uniformly over ±20 % so cameras behind one switch do not reconnect in lockstep. */
export const JITTER = 0.2;

export type BackoffOptions = {
	random?: () => number;
	healthyMs?: number;
	jitter?: number;
};

/**
Reconnect delays with jitter. Pure apart from the injected `random`: time is passed in.

The schedule is reset only after a healthy period, never merely because a connection
opened; a camera that accepts and drops at once therefore walks up the schedule
instead of looping with no delay.
*/
export class Backoff {
	readonly #schedule: readonly number[];
	readonly #random: () => number;
	readonly #healthyMs: number;
	readonly #jitter: number;
	#attempt = 0;
	#healthySince: number | undefined;
	#lastProgress: number | undefined;

	constructor(schedule: readonly number[] = DEFAULT_BACKOFF_MS, options: BackoffOptions = {}) {
		if (schedule.length === 0 || schedule.some(delay => !(delay >= 0) || !Number.isFinite(delay))) {
			throw new RangeError('backoff schedule must be a non-empty list of finite delays ≥ 0');
		}

		this.#schedule = [...schedule];
		this.#random = options.random ?? Math.random;
		this.#healthyMs = options.healthyMs ?? DEFAULT_HEALTHY_MS;
		this.#jitter = options.jitter ?? JITTER;
	}

	/** Failures since the schedule last started over. */
	get attempt(): number {
		return this.#attempt;
	}

	/** The connection delivered something useful (a frame) at `now`. Cheap enough to call per frame. */
	progress(now: number): void {
		this.#healthySince ??= now;
		this.#lastProgress = now;
	}

	/**
	The connection failed at `now`: how long to wait before the next attempt.
	`slow` (a failure that will not fix itself soon, like HTTP 404) jumps to the end of the schedule.
	*/
	next(now: number, {slow = false}: {slow?: boolean} = {}): number {
		const healthyFor = this.#healthySince === undefined || this.#lastProgress === undefined
			? 0
			: Math.min(now, this.#lastProgress) - this.#healthySince;
		if (healthyFor >= this.#healthyMs) {
			this.#attempt = 0;
		}

		this.#healthySince = undefined;
		this.#lastProgress = undefined;
		const last = this.#schedule.length - 1;
		const base = this.#schedule[slow ? last : Math.min(this.#attempt, last)] ?? 0;
		this.#attempt++;
		const spread = 1 - this.#jitter + (2 * this.#jitter * this.#random());
		return Math.round(base * spread);
	}

	/** Start the schedule over (e.g. the user fixed the config). */
	reset(): void {
		this.#attempt = 0;
		this.#healthySince = undefined;
		this.#lastProgress = undefined;
	}
}
