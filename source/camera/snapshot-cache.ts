import {SlidingRate} from './stats.js';
import type {CameraSnapshot} from './types.js';

/**
Keeps a camera's snapshot identity-stable for `useSyncExternalStore`: a new object only
when something changed. Marking dirty is one assignment, so the per-frame cost is nil;
the object is built when somebody asks.

Rates move with time alone (a sliding window fills and empties), so a snapshot is also
rebuilt when the 100 ms bucket moved on while the rates may still be moving; it keeps
the old object when the rebuilt one shows the same values.
*/
export class SnapshotCache {
	#snapshot: CameraSnapshot | undefined;
	#dirty = true;
	#bucket = -1;

	markDirty(): void {
		this.#dirty = true;
	}

	get(now: number, ratesMoving: boolean, build: () => CameraSnapshot): CameraSnapshot {
		const bucket = SlidingRate.bucketOf(now);
		const previous = this.#snapshot;
		const moving = bucket !== this.#bucket
			&& (ratesMoving || (previous !== undefined && (previous.fps > 0 || previous.bytesPerSecond > 0)));
		if (previous && !this.#dirty && !moving) {
			return previous;
		}

		const snapshot = build();
		const wasDirty = this.#dirty;
		this.#dirty = false;
		this.#bucket = bucket;
		if (previous && !wasDirty && sameSnapshot(previous, snapshot)) {
			return previous;
		}

		this.#snapshot = snapshot;
		return snapshot;
	}
}

/** Whether two snapshots show the same thing. */
function sameSnapshot(a: CameraSnapshot, b: CameraSnapshot): boolean {
	return (Object.keys(b) as Array<keyof CameraSnapshot>).every(key => a[key] === b[key]);
}
