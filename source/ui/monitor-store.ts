import type {CameraSnapshot} from '../camera/types.js';

/** Numbers about drawing, for the status line. */
export type RenderStats = {
	readonly mode: string;
	readonly fpsCap: number;
	/** The render fps in force when the byte budget (`--max-rate`) holds it below the cap. */
	readonly fps?: number;
	/** Tile pictures painted per second, all tiles together. */
	readonly renderedPerSecond: number;
	readonly outputBytesPerSecond: number;
	/** Frames that arrived but were replaced by a newer one before they could be drawn. */
	readonly dropped: number;
};

export type MonitorSnapshot = {
	readonly cameras: readonly CameraSnapshot[];
	readonly render: RenderStats;
};

export type CameraLike = {snapshot(): CameraSnapshot};
export type RenderStatsSource = {stats(): RenderStats};

/** How often the chrome (titles, stats, status line) is refreshed. Video does not wait for this. */
export const UI_REFRESH_MS = 250;

function sameRender(a: RenderStats, b: RenderStats): boolean {
	return a.mode === b.mode && a.fpsCap === b.fpsCap && a.fps === b.fps && a.renderedPerSecond === b.renderedPerSecond
		&& a.outputBytesPerSecond === b.outputBytesPerSecond && a.dropped === b.dropped;
}

/**
The UI's external store. Cameras change on every frame; the UI only needs a few
updates a second, so the store polls at UI_REFRESH_MS and publishes a new snapshot only
when something the UI shows changed (camera snapshots compare by identity).
*/
export class MonitorStore {
	readonly #cameras: readonly CameraLike[];
	readonly #render: RenderStatsSource;
	readonly #intervalMs: number;
	readonly #listeners = new Set<() => void>();
	#timer: NodeJS.Timeout | undefined;
	#snapshot: MonitorSnapshot;

	constructor(cameras: readonly CameraLike[], render: RenderStatsSource, intervalMs = UI_REFRESH_MS) {
		this.#cameras = cameras;
		this.#render = render;
		this.#intervalMs = intervalMs;
		this.#snapshot = {cameras: cameras.map(camera => camera.snapshot()), render: render.stats()};
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.#listeners.add(listener);
		this.#timer ??= setInterval(() => {
			this.refresh();
		}, this.#intervalMs);
		return () => {
			this.#listeners.delete(listener);
			if (this.#listeners.size === 0 && this.#timer) {
				clearInterval(this.#timer);
				this.#timer = undefined;
			}
		};
	};

	readonly getSnapshot = (): MonitorSnapshot => this.#snapshot;

	/** Rebuild the snapshot if anything changed, and tell the subscribers. */
	refresh(): void {
		const cameras = this.#cameras.map(camera => camera.snapshot());
		const render = this.#render.stats();
		const previous = this.#snapshot;
		const camerasChanged = cameras.length !== previous.cameras.length
			|| cameras.some((snapshot, index) => snapshot !== previous.cameras[index]);
		if (!camerasChanged && sameRender(render, previous.render)) {
			return;
		}

		this.#snapshot = {cameras: camerasChanged ? cameras : previous.cameras, render};
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
