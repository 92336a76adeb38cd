import {budgetStep} from './rate-budget.js';
import {CELL_MODES, isImageMode, type RenderMode} from './render-mode.js';

export const MAX_FPS = 60;

export const clampFps = (fps: number) => Math.max(1, Math.min(MAX_FPS, Math.round(fps)));

/** What changed after a once-a-second look at the output rate; the loop acts on it. */
export type SpeedChange = {
	/** The fps in force changed: the tick timer must be restarted at the new period. */
	readonly fpsChanged: boolean;
	/** The budget moved the colour depth: draw in this mode from now on. */
	readonly mode: RenderMode | undefined;
};

const NO_CHANGE: SpeedChange = {fpsChanged: false, mode: undefined};

/**
The render loop's speed and colour depth: the fps cap the user chose, the fps and mode in
force under the `--max-rate` budget (rate-budget.ts decides the steps), and the one-second
windows the rendered/s and output bytes/s figures come from. No timers, no I/O: the loop
reports what it drew and wrote and applies the changes returned.
*/
export class RenderSpeed {
	#cap: number;
	#fps: number;
	#maxRate: number | undefined;
	#chosenMode: RenderMode;
	/** How many steps down the colour depth ladder the budget has gone (0: the chosen mode). */
	#depthSteps = 0;
	#windowStart: number;
	#windowRendered = 0;
	#windowBytes = 0;
	#renderedPerSecond = 0;
	#outputBytesPerSecond = 0;

	constructor(options: {fps: number; mode: RenderMode; maxRate: number | undefined; now: number}) {
		this.#cap = clampFps(options.fps);
		this.#fps = this.#cap;
		this.#chosenMode = options.mode;
		this.#maxRate = options.maxRate;
		this.#windowStart = options.now;
	}

	/** The fps cap (`--fps`, `+`/`-`). */
	get cap(): number {
		return this.#cap;
	}

	/** The fps in force: the cap, or less under the byte budget. */
	get fps(): number {
		return this.#fps;
	}

	get chosenMode(): RenderMode {
		return this.#chosenMode;
	}

	get maxRate(): number | undefined {
		return this.#maxRate;
	}

	get renderedPerSecond(): number {
		return this.#renderedPerSecond;
	}

	get outputBytesPerSecond(): number {
		return this.#outputBytesPerSecond;
	}

	/** Set the cap (1–60). Returns whether the fps in force changed. */
	setCap(fps: number): boolean {
		this.#cap = clampFps(fps);
		return this.#setFps(this.#cap);
	}

	/** The user chose a mode: the budget starts again from its full colour depth. */
	choose(mode: RenderMode): void {
		this.#chosenMode = mode;
		this.#depthSteps = 0;
	}

	setMaxRate(maxRate: number | undefined): void {
		this.#maxRate = maxRate;
	}

	/** A tile picture was drawn. */
	countRendered(): void {
		this.#windowRendered++;
	}

	/** Bytes went to the terminal. */
	countBytes(bytes: number): void {
		this.#windowBytes += bytes;
	}

	/** Close the rate window once a second has passed, and step the budget. */
	update(now: number): SpeedChange {
		const elapsed = now - this.#windowStart;
		if (elapsed < 1000) {
			return NO_CHANGE;
		}

		this.#renderedPerSecond = (this.#windowRendered * 1000) / elapsed;
		this.#outputBytesPerSecond = (this.#windowBytes * 1000) / elapsed;
		this.#windowRendered = 0;
		this.#windowBytes = 0;
		this.#windowStart = now;
		return this.#maxRate === undefined ? NO_CHANGE : this.#applyBudget(this.#maxRate);
	}

	/** The colour-depth ladder below the chosen mode: an image mode steps to truecolor first. */
	#ladder(): RenderMode[] {
		const start = isImageMode(this.#chosenMode) ? 0 : CELL_MODES.indexOf(this.#chosenMode);
		return [this.#chosenMode, ...CELL_MODES.slice(isImageMode(this.#chosenMode) ? start : start + 1)];
	}

	#setFps(fps: number): boolean {
		const next = clampFps(Math.min(fps, this.#cap));
		if (next === this.#fps) {
			return false;
		}

		this.#fps = next;
		return true;
	}

	#applyBudget(limit: number): SpeedChange {
		const ladder = this.#ladder();
		const decision = budgetStep({
			rate: this.#outputBytesPerSecond,
			limit,
			fps: this.#fps,
			cap: this.#cap,
			degraded: this.#depthSteps > 0,
			canLower: this.#depthSteps < ladder.length - 1,
		});
		const fpsChanged = this.#setFps(decision.fps);
		if (decision.depth === 'keep') {
			return {fpsChanged, mode: undefined};
		}

		this.#depthSteps += decision.depth === 'lower' ? 1 : -1;
		return {fpsChanged, mode: ladder[this.#depthSteps]};
	}
}
