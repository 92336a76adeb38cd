/**
The render loop's timers: the tick interval at the fps in force, one wake-up for the
earliest tile not yet due, a tick soon after frames arrive (frames of the same turn share
it), and one flush soon after paints (paints of the same turn share one write). Knows
nothing about tiles; calls `tick` and `flush`.
*/
export class RenderSchedule {
	readonly #tick: () => void;
	readonly #flush: () => void;
	#timer: NodeJS.Timeout | undefined;
	#wake: NodeJS.Timeout | undefined;
	#tickPending = false;
	#flushPending = false;
	/** Set by stop(), cleared by start(): a paint that ends after stop() is never written. */
	#stopped = false;

	constructor(callbacks: {tick: () => void; flush: () => void}) {
		this.#tick = callbacks.tick;
		this.#flush = callbacks.flush;
	}

	/** Between start() and stop(): pacing applies, and frame arrivals and wake-ups tick. */
	get running(): boolean {
		return this.#timer !== undefined;
	}

	start(fps: number): void {
		this.#stopped = false;
		this.#timer ??= setInterval(this.#tick, 1000 / fps);
	}

	stop(): void {
		this.#stopped = true;
		clearTimeout(this.#wake);
		this.#wake = undefined;
		if (this.#timer) {
			clearInterval(this.#timer);
			this.#timer = undefined;
		}
	}

	/** The fps in force changed: tick at the new period (when running). */
	restart(fps: number): void {
		if (this.#timer) {
			this.stop();
			this.start(fps);
		}
	}

	/** Tick once after `delayMs` (when running; one wake-up at a time). */
	wakeAt(delayMs: number): void {
		if (this.#wake !== undefined || this.#timer === undefined) {
			return;
		}

		this.#wake = setTimeout(() => {
			this.#wake = undefined;
			this.#tick();
		}, Math.ceil(delayMs));
	}

	/** Tick soon, once for all calls in this turn; not after stop(). */
	tickSoon(): void {
		if (this.#tickPending) {
			return;
		}

		this.#tickPending = true;
		setImmediate(() => {
			this.#tickPending = false;
			// Not after stop(): nothing may be drawn once the monitor is closing the terminal.
			if (this.#timer !== undefined) {
				this.#tick();
			}
		});
	}

	/**
	Flush soon, once for all calls in this turn; not after stop() (a decode that was in flight
	when the monitor stopped must not write over the restored terminal). A loop never started
	(tests that drive `tick` by hand) flushes as usual.
	*/
	flushSoon(): void {
		if (this.#flushPending || this.#stopped) {
			return;
		}

		this.#flushPending = true;
		setImmediate(() => {
			this.#flushPending = false;
			if (!this.#stopped) {
				this.#flush();
			}
		});
	}
}
