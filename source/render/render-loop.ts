import type {Frame} from '../ingest/types.js';
import type {Rect} from './types.js';
import {downsample, type Downsampled} from './downsample.js';
import {DEFAULT_CELL_SIZE, type CellSize} from './image-pixels.js';
import {budgetStep} from './rate-budget.js';
import {CELL_MODES, TileRenderer, isImageMode, type RenderMode, type VideoSink} from './render-mode.js';

export type {VideoSink} from './render-mode.js';

/** Something that holds a camera's newest frame; only the newest one is ever drawn. */
export type VideoSource = {
	readonly latest: {readonly frame: Frame; readonly seq: number} | undefined;
};

export type VideoTile = {
	readonly id: string;
	readonly rect: Rect;
	readonly source: VideoSource;
};

export type RenderLoopOptions = {
	readonly sink: VideoSink & {readonly blocked?: boolean};
	/** Most tile pictures painted per second, per tile (the cap; the byte budget may paint fewer). */
	readonly fps: number;
	/** How tiles are drawn; default truecolor half blocks. */
	readonly mode?: RenderMode;
	/** Pixels per cell, for the image modes. */
	readonly cellSize?: CellSize;
	/** Output budget in bytes per second (`--max-rate`); none when undefined. */
	readonly maxRate?: number;
	readonly decode?: (jpeg: Uint8Array, width: number, height: number) => Promise<Downsampled>;
	readonly now?: () => number;
	/** Called when decoding a frame failed (a corrupt JPEG); the tile keeps its last picture. */
	readonly onDecodeError?: (id: string, error: unknown) => void;
};

type TileState = {
	tile: VideoTile;
	/** Bumped when the tile's rectangle or the mode changes, so a decode started before is thrown away. */
	generation: number;
	/** Seq of the frame last put on screen at the current size, or -1. */
	shownSeq: number;
	/** Seq of the newest frame ever decoded for this tile, for counting drops. */
	decodedSeq: number;
	busy: boolean;
	/** Earliest time (now()) the next decode may start: paces each tile to the fps cap. */
	due: number;
};

export type RenderLoopStats = {
	/** The mode tiles are drawn in now (below the chosen one while the byte budget says so). */
	mode: RenderMode;
	/** The mode chosen (`--mode`, detection, `m`). */
	chosenMode: RenderMode;
	fpsCap: number;
	/** The fps in force: the cap, or less under the byte budget. */
	fps: number;
	maxRate: number | undefined;
	renderedPerSecond: number;
	outputBytesPerSecond: number;
	rendered: number;
	dropped: number;
	decodeErrors: number;
	bytesWritten: number;
};

export const MAX_FPS = 60;

const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
const clampFps = (fps: number) => Math.max(1, Math.min(MAX_FPS, Math.round(fps)));

/**
Paces drawing: at most `fps` times a second, each visible tile whose camera has a newer
frame than the one on screen gets that newest frame decoded (sharp, at the size the mode
needs) and painted. Frames that arrive in between are never decoded: they are counted as
dropped. A tile never has more than one decode in flight, and nothing is decoded while the
terminal has not taken the last write (the sink is blocked), so a slow machine or a stalled
link drops frames, not memory.
*/
export class RenderLoop {
	readonly #sink: RenderLoopOptions['sink'];
	readonly #decode: NonNullable<RenderLoopOptions['decode']>;
	readonly #now: () => number;
	readonly #onDecodeError: RenderLoopOptions['onDecodeError'];
	readonly #tiles = new Map<string, TileState>();
	/** Per tile id, kept while the tile is hidden: pictures drawn and frames passed over. */
	readonly #tileCounts = new Map<string, {rendered: number; dropped: number}>();
	#cellSize: CellSize;
	#chosenMode: RenderMode;
	/** How many steps down the colour depth ladder the budget has gone (0: the chosen mode). */
	#depthSteps = 0;
	#renderer: TileRenderer;
	#maxRate: number | undefined;
	#cap: number;
	#fps: number;
	#timer: NodeJS.Timeout | undefined;
	#flushPending = false;
	#tickPending = false;
	#wake: NodeJS.Timeout | undefined;
	#rendered = 0;
	#dropped = 0;
	#decodeErrors = 0;
	#bytesWritten = 0;
	#windowStart: number;
	#windowRendered = 0;
	#windowBytes = 0;
	#renderedPerSecond = 0;
	#outputBytesPerSecond = 0;

	constructor(options: RenderLoopOptions) {
		this.#sink = options.sink;
		this.#cap = clampFps(options.fps);
		this.#fps = this.#cap;
		this.#decode = options.decode ?? downsample;
		this.#now = options.now ?? (() => performance.now());
		this.#onDecodeError = options.onDecodeError;
		this.#maxRate = options.maxRate;
		this.#cellSize = options.cellSize ?? DEFAULT_CELL_SIZE;
		this.#chosenMode = options.mode ?? 'truecolor';
		this.#renderer = new TileRenderer(this.#chosenMode, this.#cellSize);
		this.#windowStart = this.#now();
	}

	/** The fps cap. */
	get fps(): number {
		return this.#cap;
	}

	get mode(): RenderMode {
		return this.#renderer.mode;
	}

	/** Set the fps cap (1–60); the budget may still paint fewer. */
	setFps(fps: number): void {
		this.#cap = clampFps(fps);
		this.#setEffectiveFps(this.#cap);
	}

	/** Draw every tile in `mode` from now on (the newest frame of each is drawn again). */
	setMode(mode: RenderMode): void {
		this.#chosenMode = mode;
		this.#depthSteps = 0;
		this.#useRenderer(mode);
	}

	/** The terminal reported its cell size: image modes draw at the new pixel size. */
	setCellSize(cell: CellSize): void {
		this.#cellSize = cell;
		this.#useRenderer(this.#renderer.mode);
	}

	setMaxRate(maxRate: number | undefined): void {
		this.#maxRate = maxRate;
	}

	/** The tiles now visible, with their picture rectangles. Tiles not listed lose their video. */
	setTiles(tiles: readonly VideoTile[]): void {
		const seen = new Set<string>();
		for (const tile of tiles) {
			seen.add(tile.id);
			const state = this.#tiles.get(tile.id);
			if (!state) {
				this.#tiles.set(tile.id, {tile, generation: 0, shownSeq: -1, decodedSeq: -1, busy: false, due: Number.NEGATIVE_INFINITY});
				continue;
			}

			if (!sameRect(state.tile.rect, tile.rect) || state.tile.source !== tile.source) {
				// New size: the picture on screen is wrong until the newest frame is decoded again.
				state.generation++;
				state.shownSeq = -1;
				state.due = Number.NEGATIVE_INFINITY;
				this.#sink.removeVideo(tile.id);
				this.#renderer.forget(tile.id);
			}

			state.tile = tile;
		}

		for (const id of this.#tiles.keys()) {
			if (!seen.has(id)) {
				this.#tiles.delete(id);
				this.#sink.removeVideo(id);
				this.#renderer.forget(id);
			}
		}

		this.tick();
		this.requestFlush();
	}

	start(): void {
		this.#timer ??= setInterval(() => {
			this.tick();
		}, 1000 / this.#fps);
	}

	stop(): void {
		clearTimeout(this.#wake);
		this.#wake = undefined;
		if (this.#timer) {
			clearInterval(this.#timer);
			this.#timer = undefined;
		}
	}

	/**
	A camera has a new frame: start its decode soon (same turn's frames share one tick)
	instead of at the next timer tick, which would add up to a whole frame period of
	latency and, with a camera as fast as the cap, drop frames to phase jitter. Each
	tile is still paced to the fps cap (see #pace).
	*/
	frameArrived(): void {
		if (this.#tickPending) {
			return;
		}

		this.#tickPending = true;
		setImmediate(() => {
			this.#tickPending = false;
			// Not after stop(): nothing may be drawn once the monitor is closing the terminal.
			if (this.#timer !== undefined) {
				this.tick();
			}
		});
	}

	/** Start decodes for the tiles that have a newer frame than the one shown. */
	tick(): void {
		this.#updateRates();
		if (this.#sink.blocked) {
			// The terminal has not taken the last write: decoding now would only make a
			// picture that is stale before it can be sent. The newest frame is taken later.
			return;
		}

		for (const state of this.#tiles.values()) {
			const latest = state.tile.source.latest;
			if (state.busy || !latest || latest.seq === state.shownSeq) {
				continue;
			}

			const {rect} = state.tile;
			if (rect.width <= 0 || rect.height <= 0) {
				continue;
			}

			const now = this.#now();
			// Pacing applies while the loop runs; an explicit tick() of a stopped loop draws at once.
			if (this.#timer !== undefined && now < state.due) {
				// Too soon after the last picture: come back when this tile is due.
				this.#wakeAt(state.due - now);
				continue;
			}

			this.#pace(state, now);

			if (state.decodedSeq >= 0 && latest.seq > state.decodedSeq + 1) {
				this.#dropped += latest.seq - state.decodedSeq - 1;
				this.#countsOf(state.tile.id).dropped += latest.seq - state.decodedSeq - 1;
			}

			state.decodedSeq = Math.max(state.decodedSeq, latest.seq);
			state.busy = true;
			const {generation} = state;
			const renderer = this.#renderer;
			const size = renderer.pixelSize(rect);
			const current = () => state.generation === generation && this.#tiles.get(state.tile.id) === state;
			this.#decode(latest.frame.data, size.width, size.height).then(async pixels => {
				if (!current()) {
					return;
				}

				await renderer.show({
					setVideo: (id, target, draw) => {
						if (current()) {
							this.#sink.setVideo(id, target, draw);
						}
					},
					setImage: this.#sink.setImage && ((id, target, painter) => {
						if (current()) {
							this.#sink.setImage!(id, target, painter);
						}
					}),
					removeVideo: id => {
						this.#sink.removeVideo(id);
					},
					flush: () => 0,
				}, state.tile.id, rect, pixels);
				if (current()) {
					state.shownSeq = latest.seq;
					this.#rendered++;
					this.#countsOf(state.tile.id).rendered++;
					this.#windowRendered++;
					this.requestFlush();
				}
			}).catch((error: unknown) => {
				// Do not retry the same broken frame: wait for the next one.
				state.shownSeq = latest.seq;
				this.#decodeErrors++;
				this.#onDecodeError?.(state.tile.id, error);
			}).finally(() => {
				state.busy = false;
				// A frame came while this one was decoding: take it now, not at the next timer tick.
				if (this.#timer !== undefined && (state.tile.source.latest?.seq ?? -1) > state.decodedSeq) {
					this.frameArrived();
				}
			});
		}
	}

	/** Write what changed, once, soon: several paints in the same turn share one write. */
	requestFlush(): void {
		if (this.#flushPending) {
			return;
		}

		this.#flushPending = true;
		setImmediate(() => {
			this.#flushPending = false;
			const bytes = this.#sink.flush();
			this.#bytesWritten += bytes;
			this.#windowBytes += bytes;
		});
	}

	/** Pictures drawn for tile `id` and frames passed over for a newer one, since it was first shown. */
	tileStats(id: string): {readonly rendered: number; readonly dropped: number} | undefined {
		return this.#tileCounts.get(id);
	}

	#countsOf(id: string): {rendered: number; dropped: number} {
		let counts = this.#tileCounts.get(id);
		if (counts === undefined) {
			counts = {rendered: 0, dropped: 0};
			this.#tileCounts.set(id, counts);
		}

		return counts;
	}

	stats(): RenderLoopStats {
		this.#updateRates();
		return {
			mode: this.#renderer.mode,
			chosenMode: this.#chosenMode,
			fpsCap: this.#cap,
			fps: this.#fps,
			maxRate: this.#maxRate,
			renderedPerSecond: this.#renderedPerSecond,
			outputBytesPerSecond: this.#outputBytesPerSecond,
			rendered: this.#rendered,
			dropped: this.#dropped,
			decodeErrors: this.#decodeErrors,
			bytesWritten: this.#bytesWritten,
		};
	}

	/**
	Next start at least one period after the last one was due, so the long-run rate stays
	at or below the cap; a frame may come up to half a period early (network jitter) and
	still start at once.
	*/
	#wakeAt(delayMs: number): void {
		if (this.#wake !== undefined || this.#timer === undefined) {
			return;
		}

		this.#wake = setTimeout(() => {
			this.#wake = undefined;
			this.tick();
		}, Math.ceil(delayMs));
	}

	#pace(state: TileState, now: number): void {
		const period = 1000 / this.#fps;
		state.due = Math.max(state.due + period, now + (period / 2));
	}

	#useRenderer(mode: RenderMode): void {
		this.#renderer = new TileRenderer(mode, this.#cellSize);
		for (const state of this.#tiles.values()) {
			state.generation++;
			state.shownSeq = -1;
			state.due = Number.NEGATIVE_INFINITY;
		}

		this.tick();
	}

	/** The colour-depth ladder below the chosen mode: an image mode steps to truecolor first. */
	#ladder(): RenderMode[] {
		const start = isImageMode(this.#chosenMode) ? 0 : CELL_MODES.indexOf(this.#chosenMode);
		return [this.#chosenMode, ...CELL_MODES.slice(isImageMode(this.#chosenMode) ? start : start + 1)];
	}

	#setEffectiveFps(fps: number): void {
		const next = clampFps(Math.min(fps, this.#cap));
		if (next === this.#fps) {
			return;
		}

		this.#fps = next;
		if (this.#timer) {
			this.stop();
			this.start();
		}
	}

	#updateRates(): void {
		const now = this.#now();
		const elapsed = now - this.#windowStart;
		if (elapsed < 1000) {
			return;
		}

		this.#renderedPerSecond = (this.#windowRendered * 1000) / elapsed;
		this.#outputBytesPerSecond = (this.#windowBytes * 1000) / elapsed;
		this.#windowRendered = 0;
		this.#windowBytes = 0;
		this.#windowStart = now;
		if (this.#maxRate !== undefined) {
			this.#applyBudget(this.#maxRate);
		}
	}

	#applyBudget(limit: number): void {
		const ladder = this.#ladder();
		const decision = budgetStep({
			rate: this.#outputBytesPerSecond,
			limit,
			fps: this.#fps,
			cap: this.#cap,
			degraded: this.#depthSteps > 0,
			canLower: this.#depthSteps < ladder.length - 1,
		});
		this.#setEffectiveFps(decision.fps);
		if (decision.depth !== 'keep') {
			this.#depthSteps += decision.depth === 'lower' ? 1 : -1;
			this.#useRenderer(ladder[this.#depthSteps]!);
		}
	}
}
