import {Compositor} from '../source/render/compositor.js';

/** What one measured run of a compositor bench gives. */
export type Result = {msPerUpdate: number; bytesPerUpdate: number};

/** Let the event loop and GC settle between measured runs. */
export async function settle(): Promise<void> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
}

/**
Run `measure` for each variant after a warm-up of each, then alternating, `rounds` times,
and keep each variant's fastest round (the one least disturbed by other processes on a
shared machine).
*/
export async function alternate<V extends string>(variants: readonly V[], rounds: number, measure: (variant: V, warmUp: boolean) => Result): Promise<Map<V, Result>> {
	for (const variant of variants) {
		measure(variant, true);
	}

	const best = new Map<V, Result>();
	for (let round = 0; round < rounds; round++) {
		for (const variant of variants) {
			// Sequential on purpose: one measured run at a time.
			await settle();
			const result = measure(variant, false);
			const before = best.get(variant);
			if (before === undefined || result.msPerUpdate < before.msPerUpdate) {
				best.set(variant, result);
			}
		}
	}

	return best;
}

/** Deterministic pseudo-random numbers, so every variant sees the same frames. */
export function lcg(seed: number): () => number {
	let state = seed;
	return () => {
		state = ((state * 1_103_515_245) + 12_345) % 2_147_483_648;
		return state;
	};
}

/** A compositor writing nowhere (a terminal that takes every write at once). */
export function silentCompositor(columns: number, rows: number, wholeScreen: boolean): Compositor {
	const sink = {write: (_data: string) => true, once: () => undefined};
	return new Compositor(sink, columns, rows, {wholeScreen});
}

/** The first screen: the chrome and every tile painted and flushed; returns the bytes written so far. */
export function paintFirstScreen(compositor: Compositor, chrome: string, tiles: number, draw: (tile: number) => void): number {
	compositor.setChrome(chrome);
	for (let tile = 0; tile < tiles; tile++) {
		draw(tile);
	}

	compositor.flush();
	return compositor.stats.bytesWritten;
}
