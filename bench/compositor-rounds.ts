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
