import type {Frame} from '../ingest/types.js';
import type {Rect} from './types.js';
import type {CellGrid} from './cell-grid.js';
import {downsample} from './downsample.js';
import {encodeHalfBlocks} from './half-block.js';

/** Something that holds a camera's newest frame; only the newest one is ever drawn. */
export type VideoSource = {
	readonly latest: {readonly frame: Frame; readonly seq: number} | undefined;
};

/** The part of the compositor the loop needs. */
export type VideoSink = {
	setVideo(id: string, rect: Rect, draw: (grid: CellGrid, rect: Rect) => void): void;
	removeVideo(id: string): void;
	flush(): number;
};

export type VideoTile = {
	readonly id: string;
	readonly rect: Rect;
	readonly source: VideoSource;
};

type Pixels = Awaited<ReturnType<typeof downsample>>;

export type RenderLoopOptions = {
	readonly sink: VideoSink;
	/** Most tile pictures painted per second, per tile. */
	readonly fps: number;
	readonly decode?: (jpeg: Uint8Array, width: number, height: number) => Promise<Pixels>;
	readonly now?: () => number;
	/** Called when decoding a frame failed (a corrupt JPEG); the tile keeps its last picture. */
	readonly onDecodeError?: (id: string, error: unknown) => void;
};

type TileState = {
	tile: VideoTile;
	/** Bumped when the tile's rectangle changes, so a decode started for the old size is thrown away. */
	generation: number;
	/** Seq of the frame last put on screen at the current size, or -1. */
	shownSeq: number;
	/** Seq of the newest frame ever decoded for this tile, for counting drops. */
	decodedSeq: number;
	busy: boolean;
};

export type RenderLoopStats = {
	fpsCap: number;
	renderedPerSecond: number;
	outputBytesPerSecond: number;
	rendered: number;
	dropped: number;
	decodeErrors: number;
	bytesWritten: number;
};

const sameRect = (a: Rect, b: Rect) => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/**
Paces drawing: at most `fps` times a second, each visible tile whose camera has a newer
frame than the one on screen gets that newest frame decoded (sharp, at tile size) and
painted. Frames that arrive in between are never decoded: they are counted as dropped.
A tile never has more than one decode in flight, so a slow machine drops frames, not memory.
*/
export class RenderLoop {
	readonly #sink: VideoSink;
	readonly #decode: NonNullable<RenderLoopOptions['decode']>;
	readonly #now: () => number;
	readonly #onDecodeError: RenderLoopOptions['onDecodeError'];
	readonly #tiles = new Map<string, TileState>();
	#fps: number;
	#timer: NodeJS.Timeout | undefined;
	#flushPending = false;
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
		this.#fps = options.fps;
		this.#decode = options.decode ?? downsample;
		this.#now = options.now ?? (() => performance.now());
		this.#onDecodeError = options.onDecodeError;
		this.#windowStart = this.#now();
	}

	get fps(): number {
		return this.#fps;
	}

	setFps(fps: number): void {
		this.#fps = Math.max(1, Math.min(60, Math.round(fps)));
		if (this.#timer) {
			this.stop();
			this.start();
		}
	}

	/** The tiles now visible, with their picture rectangles. Tiles not listed lose their video. */
	setTiles(tiles: readonly VideoTile[]): void {
		const seen = new Set<string>();
		for (const tile of tiles) {
			seen.add(tile.id);
			const state = this.#tiles.get(tile.id);
			if (!state) {
				this.#tiles.set(tile.id, {tile, generation: 0, shownSeq: -1, decodedSeq: -1, busy: false});
				continue;
			}

			if (!sameRect(state.tile.rect, tile.rect) || state.tile.source !== tile.source) {
				// New size: the picture on screen is wrong until the newest frame is decoded again.
				state.generation++;
				state.shownSeq = -1;
				this.#sink.removeVideo(tile.id);
			}

			state.tile = tile;
		}

		for (const id of this.#tiles.keys()) {
			if (!seen.has(id)) {
				this.#tiles.delete(id);
				this.#sink.removeVideo(id);
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
		if (this.#timer) {
			clearInterval(this.#timer);
			this.#timer = undefined;
		}
	}

	/** Start decodes for the tiles that have a newer frame than the one shown. */
	tick(): void {
		this.#updateRates();
		for (const state of this.#tiles.values()) {
			const latest = state.tile.source.latest;
			if (state.busy || !latest || latest.seq === state.shownSeq) {
				continue;
			}

			const {rect} = state.tile;
			if (rect.width <= 0 || rect.height <= 0) {
				continue;
			}

			if (state.decodedSeq >= 0 && latest.seq > state.decodedSeq + 1) {
				this.#dropped += latest.seq - state.decodedSeq - 1;
			}

			state.decodedSeq = Math.max(state.decodedSeq, latest.seq);
			state.busy = true;
			const {generation} = state;
			this.#decode(latest.frame.data, rect.width, rect.height * 2).then(pixels => {
				state.busy = false;
				if (state.generation !== generation || this.#tiles.get(state.tile.id) !== state) {
					return;
				}

				state.shownSeq = latest.seq;
				this.#rendered++;
				this.#windowRendered++;
				this.#sink.setVideo(state.tile.id, rect, (grid, target) => {
					encodeHalfBlocks(pixels, grid, target);
				});
				this.requestFlush();
			}, (error: unknown) => {
				state.busy = false;
				// Do not retry the same broken frame: wait for the next one.
				state.shownSeq = latest.seq;
				this.#decodeErrors++;
				this.#onDecodeError?.(state.tile.id, error);
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

	stats(): RenderLoopStats {
		this.#updateRates();
		return {
			fpsCap: this.#fps,
			renderedPerSecond: this.#renderedPerSecond,
			outputBytesPerSecond: this.#outputBytesPerSecond,
			rendered: this.#rendered,
			dropped: this.#dropped,
			decodeErrors: this.#decodeErrors,
			bytesWritten: this.#bytesWritten,
		};
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
	}
}
