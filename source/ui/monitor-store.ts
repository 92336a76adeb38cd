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

/** How often the store looks for changes: a camera's state shows within this. Video does not wait for it. */
export const UI_REFRESH_MS = 250;
/**
Numbers (fps, rates, counters, the stats panel) are published at most every this many
refreshes (1 s): with many cameras some number changes at every refresh, and every change
is a whole Ink render (docs/benchmarks.md, "Scale").
*/
export const NUMBERS_EVERY = 4;

function sameRenderSettings(a: RenderStats, b: RenderStats): boolean {
	return a.mode === b.mode && a.fpsCap === b.fpsCap && a.fps === b.fps;
}

function sameRender(a: RenderStats, b: RenderStats): boolean {
	return sameRenderSettings(a, b) && a.renderedPerSecond === b.renderedPerSecond
		&& a.outputBytesPerSecond === b.outputBytesPerSecond && a.dropped === b.dropped;
}

/** Whether two snapshots agree on everything but numbers: what must show at once. */
export function sameCameraState(a: CameraSnapshot, b: CameraSnapshot | undefined): boolean {
	return a === b || (b !== undefined && a.state === b.state && a.staleSeconds === b.staleSeconds && a.name === b.name
		&& a.reason === b.reason && (a.frames === 0) === (b.frames === 0) && a.capture === b.capture && a.displayUrl === b.displayUrl);
}

/**
The UI's external store. Cameras change on every frame; the UI only needs a few
updates a second, so the store polls at UI_REFRESH_MS and publishes a new snapshot when a
camera's state or the render settings changed, or, every NUMBERS_EVERY refreshes, when
any number changed (camera snapshots compare by identity). A published snapshot always
carries the latest numbers.
*/
export class MonitorStore {
	readonly #cameras: readonly CameraLike[];
	readonly #render: RenderStatsSource;
	readonly #intervalMs: number;
	readonly #listeners = new Set<() => void>();
	#timer: NodeJS.Timeout | undefined;
	#snapshot: MonitorSnapshot;
	/** Refreshes since the last publish. */
	#quiet = 0;

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
		this.#quiet++;
		const camerasChanged = cameras.length !== previous.cameras.length
			|| cameras.some((snapshot, index) => snapshot !== previous.cameras[index]);
		const urgent = cameras.length !== previous.cameras.length || !sameRenderSettings(render, previous.render)
			|| cameras.some((snapshot, index) => !sameCameraState(snapshot, previous.cameras[index]));
		const numbersDue = this.#quiet >= NUMBERS_EVERY && (camerasChanged || !sameRender(render, previous.render));
		if (!urgent && !numbersDue) {
			return;
		}

		this.#quiet = 0;
		this.#snapshot = {cameras: camerasChanged ? cameras : previous.cameras, render};
		for (const listener of this.#listeners) {
			listener();
		}
	}
}
