import {downsample} from './downsample.js';
import {DEFAULT_CELL_SIZE, type CellSize} from './image-pixels.js';
import type {RenderLoopOptions, RenderLoopStats} from './render-loop-types.js';
import {TileRenderer, type RenderMode} from './render-mode.js';
import {RenderSchedule} from './render-schedule.js';
import {RenderSpeed, type SpeedChange} from './render-speed.js';
import {TilePainter} from './tile-painter.js';
import {invalidateTile, pace, syncTiles, type TileState, type VideoTile} from './tile-state.js';
import type {PictureTransform} from './tile-painting.js';

export type {VideoSink} from './render-mode.js';
export type {VideoSource, VideoTile} from './tile-state.js';
export type {PictureTransform} from './tile-painting.js';
export {MAX_FPS} from './render-speed.js';

/**
How long (ms) one tick may go on starting decodes before it lets the event loop take keys and
socket data and goes on in the next turn. downsample() already runs at most one DC decode a turn
(~2 ms a 720p frame, on this thread), so with it a tick only starts decodes; the budget guards
decoders that work when called (an injected `decode`, or many sharp calls' JavaScript side):
32 tiles decoded in one turn held keys ~90 ms (docs/benchmarks.md, "Session 3: compositor
dirty rectangles").
*/
export const TICK_BUDGET_MS = 8;
export type {RenderLoopOptions, RenderLoopStats} from './render-loop-types.js';

/**
Paces drawing: at most `fps` times a second, each visible tile whose camera has a newer
frame than the one on screen gets that newest frame decoded (sharp, at the size the mode
needs) and painted. Frames that arrive in between are never decoded: they are counted as
dropped. A tile never has more than one decode in flight, and nothing is decoded while the
terminal has not taken the last write (the sink is blocked), so a slow machine or a stalled
link drops frames, not memory. Per-tile pacing and state: tile-state.ts; decoding and
painting a tile: tile-painter.ts; the fps and colour depth under the byte budget:
render-speed.ts; how a picture reaches the sink: tile-painting.ts and render-mode.ts.
*/
export class RenderLoop {
	readonly #sink: RenderLoopOptions['sink'];
	readonly #now: () => number;
	readonly #tiles = new Map<string, TileState>();
	readonly #painter: TilePainter;
	readonly #speed: RenderSpeed;
	#cellSize: CellSize;
	#renderer: TileRenderer;
	readonly #schedule = new RenderSchedule({
		tick: () => {
			this.tick();
		},
		flush: () => {
			const bytes = this.#sink.flush();
			this.#bytesWritten += bytes;
			this.#speed.countBytes(bytes);
		},
	});
	#bytesWritten = 0;
	/** Where in the tile order the next tick starts: after a tick runs out of time, the tiles it did not reach. */
	#resumeAt = 0;

	constructor(options: RenderLoopOptions) {
		this.#sink = options.sink;
		this.#now = options.now ?? (() => performance.now());
		this.#painter = new TilePainter({
			sink: options.sink,
			decode: options.decode ?? downsample,
			onDecodeError: options.onDecodeError,
			renderer: () => this.#renderer,
			isListed: state => this.#tiles.get(state.tile.id) === state,
			painted: () => {
				this.requestFlush();
			},
			rendered: () => {
				this.#speed.countRendered();
			},
			settled: state => {
				// A frame that came meanwhile is taken now, not at the next timer tick.
				if (!state.busy && this.#schedule.running && (state.tile.source.latest?.seq ?? -1) > state.decodedSeq) {
					this.frameArrived();
				}
			},
		});
		this.#cellSize = options.cellSize ?? DEFAULT_CELL_SIZE;
		const mode = options.mode ?? 'truecolor';
		this.#speed = new RenderSpeed({fps: options.fps, mode, maxRate: options.maxRate, now: this.#now()});
		this.#renderer = new TileRenderer(mode, this.#cellSize);
	}

	/** The fps cap. */
	get fps(): number {
		return this.#speed.cap;
	}

	get mode(): RenderMode {
		return this.#renderer.mode;
	}

	/** Set the fps cap (1–60); the budget may still paint fewer. */
	setFps(fps: number): void {
		if (this.#speed.setCap(fps)) {
			this.#schedule.restart(this.#speed.fps);
		}
	}

	/** Draw every tile in `mode` from now on (the newest frame of each is drawn again). */
	setMode(mode: RenderMode): void {
		this.#speed.choose(mode);
		this.#useRenderer(mode);
	}

	/** The terminal reported its cell size: image modes draw at the new pixel size. */
	setCellSize(cell: CellSize): void {
		this.#cellSize = cell;
		this.#useRenderer(this.#renderer.mode);
	}

	setMaxRate(maxRate: number | undefined): void {
		this.#speed.setMaxRate(maxRate);
	}

	/** The tiles now visible, with their picture rectangles. Tiles not listed lose their video. */
	setTiles(tiles: readonly VideoTile[]): void {
		syncTiles(this.#tiles, tiles, id => {
			this.#sink.removeVideo(id);
			this.#renderer.forget(id);
		});
		this.tick();
		this.requestFlush();
	}

	/**
	Draw tile `id`'s pictures through `transform` from now on (undefined: as decoded), and
	draw its last picture again at once, so a change shows without waiting for a new frame
	(a stalled camera sends none). The transform is kept while the tile is hidden.
	*/
	setTransform(id: string, transform: PictureTransform | undefined): void {
		this.#painter.setTransform(id, transform);
		const state = this.#tiles.get(id);
		if (state !== undefined) {
			this.#painter.redraw(state);
		}
	}

	start(): void {
		this.#schedule.start(this.#speed.fps);
	}

	stop(): void {
		this.#schedule.stop();
	}

	/**
	A camera has a new frame: start its decode soon (same turn's frames share one tick)
	instead of at the next timer tick, which would add up to a whole frame period of
	latency and, with a camera as fast as the cap, drop frames to phase jitter. Each
	tile is still paced to the fps cap (tile-state.ts, pace).
	*/
	frameArrived(): void {
		this.#schedule.tickSoon();
	}

	/** Start decodes for the tiles that have a newer frame than the one shown. */
	tick(): void {
		this.#applySpeed(this.#speed.update(this.#now()));
		if (this.#sink.blocked) {
			// The terminal has not taken the last write: decoding now would only make a
			// picture that is stale before it can be sent. The newest frame is taken later.
			return;
		}

		const states = [...this.#tiles.values()];
		const started = this.#now();
		let decoding = false;
		for (let step = 0; step < states.length; step++) {
			const index = (this.#resumeAt + step) % states.length;
			const state = states[index]!;
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
			if (this.#schedule.running && now < state.due) {
				// Too soon after the last picture: come back when this tile is due.
				this.#schedule.wakeAt(state.due - now);
				continue;
			}

			if (decoding && this.#schedule.running && now - started >= TICK_BUDGET_MS) {
				// Out of time: the rest in the next turn, starting with this tile, so none starves.
				this.#resumeAt = index;
				this.#schedule.tickSoon();
				return;
			}

			pace(state, now, this.#speed.fps);
			this.#painter.decodeNewest(state, latest);
			decoding = true;
		}
	}

	/** Write what changed, once, soon: several paints in the same turn share one write. */
	requestFlush(): void {
		this.#schedule.flushSoon();
	}

	/** Pictures drawn for tile `id` and frames passed over for a newer one, since it was first shown. */
	tileStats(id: string): {readonly rendered: number; readonly dropped: number} | undefined {
		return this.#painter.counts.get(id);
	}

	stats(): RenderLoopStats {
		this.#applySpeed(this.#speed.update(this.#now()));
		const speed = this.#speed;
		return {
			mode: this.#renderer.mode,
			chosenMode: speed.chosenMode,
			fpsCap: speed.cap,
			fps: speed.fps,
			maxRate: speed.maxRate,
			renderedPerSecond: speed.renderedPerSecond,
			outputBytesPerSecond: speed.outputBytesPerSecond,
			rendered: this.#painter.rendered,
			dropped: this.#painter.dropped,
			decodeErrors: this.#painter.decodeErrors,
			bytesWritten: this.#bytesWritten,
		};
	}

	#useRenderer(mode: RenderMode): void {
		this.#renderer = new TileRenderer(mode, this.#cellSize);
		for (const state of this.#tiles.values()) {
			invalidateTile(state);
		}

		this.tick();
	}

	#applySpeed(change: SpeedChange): void {
		if (change.fpsChanged) {
			this.#schedule.restart(this.#speed.fps);
		}

		if (change.mode !== undefined) {
			this.#useRenderer(change.mode);
		}
	}
}
