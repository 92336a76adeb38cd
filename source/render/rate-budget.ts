/*
The `--max-rate` output budget: once a second the render loop reports how many bytes it
wrote; this decides the render fps and colour depth for the next second. Over the budget
the fps comes down first (in proportion, with a 10% margin) and only at MIN_BUDGET_FPS the
colour depth (truecolor → 256 → 16 → ascii); under it, the depth comes back first, then the
fps, one step a second, each only when the estimate for the richer setting fits with room
to spare. Pure: no timers, no I/O.
*/

export const MIN_BUDGET_FPS = 1;
/** A richer colour depth is tried only when the output is below this share of the budget. */
export const RAISE_DEPTH_SHARE = 0.25;
/** One more fps is allowed when the estimate with it stays below this share of the budget. */
export const RAISE_FPS_SHARE = 0.8;

export type BudgetInput = {
	/** Bytes written per second, measured over the last window. */
	readonly rate: number;
	/** The budget in bytes per second. */
	readonly limit: number;
	/** The render fps now in force. */
	readonly fps: number;
	/** The fps cap the user chose (`--fps`, `+`/`-`). */
	readonly cap: number;
	/** Whether the colour depth is below the chosen mode's. */
	readonly degraded: boolean;
	/** Whether there is a cheaper colour depth left. */
	readonly canLower: boolean;
};

export type BudgetDecision = {
	readonly fps: number;
	readonly depth: 'lower' | 'raise' | 'keep';
};

export function budgetStep(input: BudgetInput): BudgetDecision {
	const {rate, limit, cap} = input;
	const fps = Math.min(input.fps, cap);
	if (rate > limit) {
		if (fps > MIN_BUDGET_FPS) {
			const scaled = Math.floor((fps * limit * 0.9) / rate);
			return {fps: Math.max(MIN_BUDGET_FPS, Math.min(fps - 1, scaled)), depth: 'keep'};
		}

		return {fps, depth: input.canLower ? 'lower' : 'keep'};
	}

	if (input.degraded && rate < limit * RAISE_DEPTH_SHARE) {
		return {fps, depth: 'raise'};
	}

	if (fps < cap && (rate / fps) * (fps + 1) < limit * RAISE_FPS_SHARE) {
		return {fps: fps + 1, depth: 'keep'};
	}

	return {fps, depth: 'keep'};
}
