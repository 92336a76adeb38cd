import {downsample, type Pixels} from './downsample.js';
import {DEFAULT_CELL_SIZE, type CellSize} from './image-pixels.js';
import type {RenderLoopOptions, RenderLoopStats} from './render-loop-types.js';
import {TileRenderer, type RenderMode} from './render-mode.js';
import {RenderSchedule} from './render-schedule.js';
import {RenderSpeed, type SpeedChange} from './render-speed.js';
import {TileCounts, framesSkipped, invalidateTile, pace, syncTiles, type TileState, type VideoTile} from './tile-state.js';
import {applyTransform, currentOnly, type PictureTransform} from './tile-painting.js';

export type {VideoSink} from './render-mode.js';
export type {VideoSource, VideoTile} from './tile-state.js';
export type {PictureTransform} from './tile-painting.js';
export {MAX_FPS} from './render-speed.js';
export type {RenderLoopOptions, RenderLoopStats} from './render-loop-types.js';

/**
Paces drawing: at most `fps` times a second, each visible tile whose camera has a newer
frame than the one on screen gets that newest frame decoded (sharp, at the size the mode
needs) and painted. Frames that arrive in between are never decoded: they are counted as
dropped. A tile never has more than one decode in flight, and nothing is decoded while the
terminal has not taken the last write (the sink is blocked), so a slow machine or a stalled
link drops frames, not memory. Per-tile pacing and state: tile-state.ts; the fps and colour
depth under the byte budget: render-speed.ts; how a picture reaches the sink:
tile-painting.ts and render-mode.ts.
*/
export class RenderLoop {
	readonly #sink: RenderLoopOptions['sink'];
	readonly #decode: NonNullable<RenderLoopOptions['decode']>;
	readonly #now: () => number;
	readonly #onDecodeError: RenderLoopOptions['onDecodeError'];
	readonly #tiles = new Map<string, TileState>();
	readonly #tileCounts = new TileCounts();
	/** Per tile id, kept while the tile is hidden: the transform its pictures are drawn through. */
	readonly #transforms = new Map<string, PictureTransform>();
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
	#rendered = 0;
	#dropped = 0;
	#decodeErrors = 0;
	#bytesWritten = 0;

	constructor(options: RenderLoopOptions) {
		this.#sink = options.sink;
		this.#decode = options.decode ?? downsample;
		this.#now = options.now ?? (() => performance.now());
		this.#onDecodeError = options.onDecodeError;
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
		if (transform === undefined) {
			this.#transforms.delete(id);
		} else {
			this.#transforms.set(id, transform);
		}

		const state = this.#tiles.get(id);
		if (state !== undefined) {
			this.#redraw(state);
		}
	}

	/** Draw the tile's last picture again (through its transform), now or when its paint in flight ends. */
	#redraw(state: TileState): void {
		if (state.busy) {
			// The paint in flight uses the new transform; if it fails, the old picture is redrawn after it.
			state.redraw = true;
			return;
		}

		state.redraw = false;
		const {picture} = state;
		if (picture === undefined) {
			// Nothing drawn yet at this size: the first picture will use the transform.
			return;
		}

		const {id} = state.tile;
		state.busy = true;
		this.#paint(state, picture).catch((error: unknown) => {
			this.#decodeErrors++;
			this.#onDecodeError?.(id, error);
		}).finally(() => {
			this.#settle(state);
		});
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
			if (this.#schedule.running && now < state.due) {
				// Too soon after the last picture: come back when this tile is due.
				this.#schedule.wakeAt(state.due - now);
				continue;
			}

			pace(state, now, this.#speed.fps);
			const skipped = framesSkipped(state, latest.seq);
			if (skipped > 0) {
				this.#dropped += skipped;
				this.#tileCounts.of(state.tile.id).dropped += skipped;
			}

			state.decodedSeq = Math.max(state.decodedSeq, latest.seq);
			state.busy = true;
			const {generation} = state;
			const size = this.#renderer.pixelSize(rect);
			this.#decode(latest.frame.data, size.width, size.height).then(async pixels => {
				if (state.generation !== generation || !(await this.#paint(state, pixels))) {
					return;
				}

				state.shownSeq = latest.seq;
				this.#rendered++;
				this.#tileCounts.of(state.tile.id).rendered++;
				this.#speed.countRendered();
			}).catch((error: unknown) => {
				// Do not retry the same broken frame: wait for the next one.
				state.shownSeq = latest.seq;
				this.#decodeErrors++;
				this.#onDecodeError?.(state.tile.id, error);
			}).finally(() => {
				this.#settle(state);
			});
		}
	}

	/** Write what changed, once, soon: several paints in the same turn share one write. */
	requestFlush(): void {
		this.#schedule.flushSoon();
	}

	/** Pictures drawn for tile `id` and frames passed over for a newer one, since it was first shown. */
	tileStats(id: string): {readonly rendered: number; readonly dropped: number} | undefined {
		return this.#tileCounts.get(id);
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
			rendered: this.#rendered,
			dropped: this.#dropped,
			decodeErrors: this.#decodeErrors,
			bytesWritten: this.#bytesWritten,
		};
	}

	/**
	Hand decoded pixels to the mode's renderer (through the tile's transform) and keep them
	as the tile's picture. Returns false, drawing nothing, when the tile changed size or
	mode, or was hidden, since the pixels were asked for.
	*/
	async #paint(state: TileState, pixels: Pixels): Promise<boolean> {
		const {generation} = state;
		const current = () => state.generation === generation && this.#tiles.get(state.tile.id) === state;
		if (!current()) {
			return false;
		}

		const {id, rect} = state.tile;
		await this.#renderer.show(currentOnly(this.#sink, current), id, rect, applyTransform(pixels, this.#transforms.get(id)));
		if (!current()) {
			return false;
		}

		state.picture = pixels;
		this.requestFlush();
		return true;
	}

	/** A paint finished: a frame that came meanwhile is taken now, not at the next timer tick. */
	#settle(state: TileState): void {
		state.busy = false;
		if (state.redraw) {
			this.#redraw(state);
		}

		if (!state.busy && this.#schedule.running && (state.tile.source.latest?.seq ?? -1) > state.decodedSeq) {
			this.frameArrived();
		}
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
