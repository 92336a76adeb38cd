/** min / average / max of a series of numbers. */
export type Spread = {readonly min: number; readonly avg: number; readonly max: number};

/** Standard deviation over mean, in percent: how unsteady a series of intervals is. */
export type Jitter = {readonly meanMs: number; readonly deviationMs: number; readonly percent: number};

function jitterOf(count: number, mean: number, variance: number): Jitter | undefined {
	if (count < 2 || mean <= 0) {
		return undefined;
	}

	const deviationMs = Math.sqrt(Math.max(0, variance));
	return {meanMs: mean, deviationMs, percent: (deviationMs / mean) * 100};
}

/**
Count, min, max, mean and variance of everything added (Welford's online update), O(1)
per value and numerically stable over a long run.
*/
export class RunningStats {
	count = 0;
	min = Number.POSITIVE_INFINITY;
	max = Number.NEGATIVE_INFINITY;
	#mean = 0;
	#m2 = 0;
	/** Exact while the total stays below 2^53 (byte counts and milliseconds do), so the average shown is the true one. */
	#sum = 0;

	add(value: number): void {
		this.count++;
		this.#sum += value;
		const delta = value - this.#mean;
		this.#mean += delta / this.count;
		this.#m2 += delta * (value - this.#mean);
		this.min = Math.min(this.min, value);
		this.max = Math.max(this.max, value);
	}

	spread(): Spread | undefined {
		return this.count === 0 ? undefined : {min: this.min, avg: this.#sum / this.count, max: this.max};
	}

	/** Population variance, which is what "how much do intervals vary" asks. */
	jitter(): Jitter | undefined {
		return jitterOf(this.count, this.#mean, this.count > 0 ? this.#m2 / this.count : 0);
	}
}

/** The last `size` values in a ring; readings are computed when asked (a few Hz), not per value. */
export class RecentWindow {
	readonly #values: Float64Array;
	#next = 0;
	#count = 0;

	constructor(size: number) {
		this.#values = new Float64Array(size);
	}

	add(value: number): void {
		this.#values[this.#next] = value;
		this.#next = (this.#next + 1) % this.#values.length;
		this.#count = Math.min(this.#count + 1, this.#values.length);
	}

	get count(): number {
		return this.#count;
	}

	spread(): Spread | undefined {
		if (this.#count === 0) {
			return undefined;
		}

		let min = Number.POSITIVE_INFINITY;
		let max = Number.NEGATIVE_INFINITY;
		let sum = 0;
		for (let index = 0; index < this.#count; index++) {
			const value = this.#values[index]!;
			min = Math.min(min, value);
			max = Math.max(max, value);
			sum += value;
		}

		return {min, avg: sum / this.#count, max};
	}

	jitter(): Jitter | undefined {
		const spread = this.spread();
		if (spread === undefined) {
			return undefined;
		}

		let squares = 0;
		for (let index = 0; index < this.#count; index++) {
			squares += (this.#values[index]! - spread.avg) ** 2;
		}

		return jitterOf(this.#count, spread.avg, squares / this.#count);
	}
}
