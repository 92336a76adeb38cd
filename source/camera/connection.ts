import type {SourceHandle, SourceHandlers, SourceOpener, SourceOptions} from '../ingest/source-types.js';

/**
A camera's connection attempts and their timers: the open source, the stall watchdog and
the retry timer. Each attempt has a generation; a callback from an attempt that is no
longer current (a late chunk, an error racing close()) is dropped here, never seen.
*/
export class Connection {
	/** Bumped per attempt and per close. */
	#generation = 0;
	#source: SourceHandle | undefined;
	#watchdog: NodeJS.Timeout | undefined;
	#retryTimer: NodeJS.Timeout | undefined;

	/** A new attempt begins: callbacks of earlier ones are dropped from now on. Returns its generation. */
	begin(): number {
		return ++this.#generation;
	}

	/** Whether `generation` is still the current attempt. */
	isCurrent(generation: number): boolean {
		return generation === this.#generation;
	}

	/** Open the source of attempt `generation`; `handlers` are called only while it is current. */
	open(generation: number, opener: SourceOpener, options: SourceOptions, handlers: SourceHandlers): void {
		const current = (): boolean => this.isCurrent(generation);
		const source = opener(options, {
			onResponse(info) {
				if (current()) {
					handlers.onResponse(info);
				}
			},
			onData(chunk) {
				if (current()) {
					handlers.onData(chunk);
				}
			},
			onEnd() {
				if (current()) {
					handlers.onEnd();
				}
			},
			onError(error) {
				if (current()) {
					handlers.onError(error);
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

	/** Call `check` every `tickMs` until close(). */
	watch(tickMs: number, check: () => void): void {
		this.#watchdog = setInterval(check, tickMs);
	}

	/** End the current attempt: its source closed, its watchdog cleared, its callbacks dropped. */
	close(): void {
		this.#generation++;
		if (this.#watchdog) {
			clearInterval(this.#watchdog);
			this.#watchdog = undefined;
		}

		const source = this.#source;
		this.#source = undefined;
		source?.close();
	}

	/** Call `retry` after `delay` ms, unless clearRetry() comes first. */
	scheduleRetry(delay: number, retry: () => void): void {
		this.#retryTimer = setTimeout(() => {
			this.#retryTimer = undefined;
			retry();
		}, delay);
	}

	clearRetry(): void {
		if (this.#retryTimer) {
			clearTimeout(this.#retryTimer);
			this.#retryTimer = undefined;
		}
	}
}
