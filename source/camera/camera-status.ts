import {SnapshotCache} from './snapshot-cache.js';
import type {CameraState} from './types.js';

/**
A camera's state and why, since when, the time spent live before the current state,
and who is told of a change (subscribers, and the snapshot cache that must rebuild).
*/
export class CameraStatus {
	readonly cache = new SnapshotCache();
	readonly #now: () => number;
	readonly #listeners = new Set<() => void>();
	#state: CameraState = 'connecting';
	#reason: string | undefined;
	#since: number;
	#pastLiveMs = 0;

	constructor(now: () => number) {
		this.#now = now;
		this.#since = now();
	}

	get state(): CameraState {
		return this.#state;
	}

	get reason(): string | undefined {
		return this.#reason;
	}

	/** When the current state began (ms since epoch). */
	get since(): number {
		return this.#since;
	}

	/** Time live in earlier spells (the current one, if live, counts from `since`). */
	get pastLiveMs(): number {
		return this.#pastLiveMs;
	}

	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => {
			this.#listeners.delete(listener);
		};
	}

	/**
	Move to `state` (the clock restarts only on a real change) and tell everyone. `now` is the
	caller's clock reading when it already took one, so times it derived (a retry's due time)
	line up with `since` exactly.
	*/
	set(state: CameraState, reason: string | undefined, now = this.#now()): void {
		if (state !== this.#state) {
			if (this.#state === 'live') {
				this.#pastLiveMs += now - this.#since;
			}

			this.#since = now;
		}

		this.#state = state;
		this.#reason = reason;
		this.notify();
	}

	/** Something in the snapshot changed. */
	notify(): void {
		this.cache.markDirty();
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
