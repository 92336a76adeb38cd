import v8 from 'node:v8';
import {runInNewContext} from 'node:vm';

/*
Why this exists (issue 7, docs/benchmarks.md "Scale: a young collection every 4 MB of frames"):
frame bytes live outside the V8 heap (socket chunks, each frame's copy), and they are
freed only when V8 collects the small JS objects that own them. Those objects are few
bytes each, so the young generation fills slowly and dead backing stores pile up (RSS
~190 MB at 16 cameras), and glibc keeps the high-water mark of what was freed. Asking V8
for a young-generation (minor) collection after every few MB of frames frees them early; a
minor collection costs about a millisecond when little survives, unlike a full one, and
unlike a small semi-space it is not paid for every allocation of the chrome.
*/

/** Collect garbage now; `undefined` when this node cannot do it. */
export type Collect = () => void;

type V8Gc = (options?: {type?: 'minor' | 'major'}) => unknown;

/**
V8's minor collection, obtained without a node flag: `--expose-gc` set at run time puts
`gc` on new contexts' globals (not on the main one's). Undefined if the flag or the
function is refused (another engine, a hardened runtime): then nothing is collected early.
*/
export function obtainMinorGc(): Collect | undefined {
	try {
		v8.setFlagsFromString('--expose-gc');
		const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
		if (typeof gc !== 'function') {
			return undefined;
		}

		const collect = gc as V8Gc;
		return () => {
			collect({type: 'minor'});
		};
	} catch {
		return undefined;
	}
}

/**
Collect after this many frame bytes (~0.2 s of 16 cameras of ~95 KB frames at 15 fps, about
as many socket-chunk bytes again). Measured at 16 cameras: 16 MB every 250 ms did not lower
RSS at all (V8's own external-memory trigger is not far off); 4 MB lowered the mean by 20–36 MB.
*/
export const YOUNG_GC_BYTES = 4 * 1024 * 1024;
/** Never more often than this, whatever the byte rate: at most 10 collections (~1 ms each) a second. */
export const YOUNG_GC_MIN_INTERVAL_MS = 100;

export type YoungCollectorOptions = {
	readonly collect: Collect;
	readonly everyBytes?: number;
	readonly minIntervalMs?: number;
	readonly now?: () => number;
};

/**
Counts frame bytes received and runs `collect` once `everyBytes` have come in since the
last collection, but not sooner than `minIntervalMs` after it (bytes keep counting
meanwhile, so the next frame after the interval triggers it).
*/
export class YoungCollector {
	readonly #collect: Collect;
	readonly #everyBytes: number;
	readonly #minIntervalMs: number;
	readonly #now: () => number;
	#bytes = 0;
	#lastAt: number;
	#collections = 0;

	constructor(options: YoungCollectorOptions) {
		this.#collect = options.collect;
		this.#everyBytes = options.everyBytes ?? YOUNG_GC_BYTES;
		this.#minIntervalMs = options.minIntervalMs ?? YOUNG_GC_MIN_INTERVAL_MS;
		this.#now = options.now ?? performance.now.bind(performance);
		this.#lastAt = this.#now();
	}

	/** How many collections have run. */
	get collections(): number {
		return this.#collections;
	}

	/** Count `bytes` received; returns whether a collection ran. */
	add(bytes: number): boolean {
		this.#bytes += bytes;
		if (this.#bytes < this.#everyBytes) {
			return false;
		}

		const now = this.#now();
		if (now - this.#lastAt < this.#minIntervalMs) {
			return false;
		}

		this.#bytes = 0;
		this.#lastAt = now;
		this.#collections++;
		this.#collect();
		return true;
	}
}
