import type {Frame} from '../ingest/types.js';
import type {Pixels} from './downsample.js';
import {sameRect} from './rect.js';
import type {Rect} from './types.js';

/** Something that holds a camera's newest frame; only the newest one is ever drawn. */
export type VideoSource = {
	readonly latest: {readonly frame: Frame; readonly seq: number} | undefined;
};

export type VideoTile = {
	readonly id: string;
	readonly rect: Rect;
	readonly source: VideoSource;
};

/** What the render loop knows about one visible tile. */
export type TileState = {
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
	/**
	The decoded pixels last shown at the current size and mode, as decoded (before any
	redraw transform), so the picture can be drawn again without a new frame. Undefined
	until the first picture of this generation.
	*/
	picture: Pixels | undefined;
	/** The transform changed while a paint was in flight: draw the picture again after it. */
	redraw: boolean;
};

export function newTileState(tile: VideoTile): TileState {
	return {tile, generation: 0, shownSeq: -1, decodedSeq: -1, busy: false, due: Number.NEGATIVE_INFINITY, picture: undefined, redraw: false};
}

/** The picture on screen is wrong (new size or mode): drop a decode in flight and draw the newest frame at once. */
export function invalidateTile(state: TileState): void {
	state.generation++;
	state.shownSeq = -1;
	state.due = Number.NEGATIVE_INFINITY;
	state.picture = undefined;
}

/**
Make `states` hold exactly `tiles`: new tiles start blank; a tile whose rectangle or
source changed is invalidated, its picture on screen being wrong until the newest frame
is decoded again; `dropPicture(id)` is called for those and for tiles no longer listed
(which are forgotten).
*/
export function syncTiles(states: Map<string, TileState>, tiles: readonly VideoTile[], dropPicture: (id: string) => void): void {
	const seen = new Set<string>();
	for (const tile of tiles) {
		seen.add(tile.id);
		const state = states.get(tile.id);
		if (!state) {
			states.set(tile.id, newTileState(tile));
			continue;
		}

		if (!sameRect(state.tile.rect, tile.rect) || state.tile.source !== tile.source) {
			invalidateTile(state);
			dropPicture(tile.id);
		}

		state.tile = tile;
	}

	for (const id of states.keys()) {
		if (!seen.has(id)) {
			states.delete(id);
			dropPicture(id);
		}
	}
}

/**
How much faster than the cap pacing lets a tile go. A camera sending at the cap's own rate
(15 fps at `--fps 15`) but a little fast by camtop's clock (a camera's 66 ms frame timer is
15.15 fps) would otherwise find each frame due a little later than the one before: each
waits longer than the last until one is dropped, a sawtooth of up to a whole period of
latency (one camera's p50 went from 5 to 16–23 ms between otherwise equal runs,
docs/benchmarks.md). 5 % is far beyond any clock difference and well below a camera
that really is faster than the cap, which is still paced.
*/
export const PACE_SLACK = 1.05;

/**
Next start at least one period after the last one was due, so the long-run rate stays at
or below the cap (with PACE_SLACK); a frame may come up to half a period early (network
jitter) and still start at once.
*/
export function pace(state: TileState, now: number, fps: number): void {
	const period = 1000 / (fps * PACE_SLACK);
	state.due = Math.max(state.due + period, now + (period / 2));
}

/** Frames passed over between the last decoded frame and `seq` (0 for the first or the next one). */
export function framesSkipped(state: TileState, seq: number): number {
	return state.decodedSeq >= 0 && seq > state.decodedSeq + 1 ? seq - state.decodedSeq - 1 : 0;
}

/** Per tile id, kept while the tile is hidden: pictures drawn and frames passed over. */
export class TileCounts {
	readonly #counts = new Map<string, {rendered: number; dropped: number}>();

	get(id: string): {readonly rendered: number; readonly dropped: number} | undefined {
		return this.#counts.get(id);
	}

	/** The counts of tile `id`, created at zero. */
	of(id: string): {rendered: number; dropped: number} {
		let counts = this.#counts.get(id);
		if (counts === undefined) {
			counts = {rendered: 0, dropped: 0};
			this.#counts.set(id, counts);
		}

		return counts;
	}
}
