import type {Downsampled, Pixels} from './downsample.js';
import type {TileRenderer, VideoSink} from './render-mode.js';
import {TileCounts, framesSkipped, type TileState, type VideoSource} from './tile-state.js';
import {applyTransform, currentOnly, type PictureTransform} from './tile-painting.js';

type Latest = NonNullable<VideoSource['latest']>;

export type TilePainterOptions = {
	readonly sink: VideoSink;
	readonly decode: (jpeg: Uint8Array, width: number, height: number) => Promise<Downsampled>;
	readonly onDecodeError: ((id: string, error: unknown) => void) | undefined;
	/** The renderer of the mode in force. */
	renderer(): TileRenderer;
	/** Whether `state` is still the loop's state of its tile (the tile was not hidden or replaced). */
	isListed(state: TileState): boolean;
	/** A picture reached the sink: write soon. */
	painted(): void;
	/** A decoded frame was drawn (the render rate counts it). */
	rendered(): void;
	/** A tile's paint ended: it may take a frame that came meanwhile. */
	settled(state: TileState): void;
};

/**
The render loop's work on one tile at a time (render-loop.ts decides when): decode the newest
frame at the size the mode needs, or draw the last picture again, through the tile's
transform, and hand it to the mode's renderer. Counts pictures drawn, frames passed over and
decode errors. A tile has at most one paint in flight (`TileState.busy`); a paint whose tile
changed size or mode, or was hidden, meanwhile draws nothing.
*/
export class TilePainter {
	rendered = 0;
	dropped = 0;
	decodeErrors = 0;
	readonly counts = new TileCounts();
	readonly #options: TilePainterOptions;
	/** Per tile id, kept while the tile is hidden: the transform its pictures are drawn through. */
	readonly #transforms = new Map<string, PictureTransform>();

	constructor(options: TilePainterOptions) {
		this.#options = options;
	}

	setTransform(id: string, transform: PictureTransform | undefined): void {
		if (transform === undefined) {
			this.#transforms.delete(id);
		} else {
			this.#transforms.set(id, transform);
		}
	}

	/** Decode `latest` for the tile and paint it; frames passed over since the last one are counted as dropped. */
	decodeNewest(state: TileState, latest: Latest): void {
		const options = this.#options;
		const skipped = framesSkipped(state, latest.seq);
		if (skipped > 0) {
			this.dropped += skipped;
			this.counts.of(state.tile.id).dropped += skipped;
		}

		state.decodedSeq = Math.max(state.decodedSeq, latest.seq);
		state.busy = true;
		const {generation} = state;
		const size = options.renderer().pixelSize(state.tile.rect);
		options.decode(latest.frame.data, size.width, size.height).then(async pixels => {
			if (state.generation !== generation || !(await this.#paint(state, pixels))) {
				return;
			}

			state.shownSeq = latest.seq;
			this.rendered++;
			this.counts.of(state.tile.id).rendered++;
			options.rendered();
		}).catch((error: unknown) => {
			// Do not retry the same broken frame: wait for the next one.
			state.shownSeq = latest.seq;
			this.decodeErrors++;
			options.onDecodeError?.(state.tile.id, error);
		}).finally(() => {
			this.#settle(state);
		});
	}

	/** Draw the tile's last picture again (through its transform), now or when its paint in flight ends. */
	redraw(state: TileState): void {
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
			this.decodeErrors++;
			this.#options.onDecodeError?.(id, error);
		}).finally(() => {
			this.#settle(state);
		});
	}

	/**
	Hand decoded pixels to the mode's renderer (through the tile's transform) and keep them
	as the tile's picture. Returns false, drawing nothing, when the tile changed size or
	mode, or was hidden, since the pixels were asked for.
	*/
	async #paint(state: TileState, pixels: Pixels): Promise<boolean> {
		const options = this.#options;
		const {generation} = state;
		const current = () => state.generation === generation && options.isListed(state);
		if (!current()) {
			return false;
		}

		const {id, rect} = state.tile;
		await options.renderer().show(currentOnly(options.sink, current), id, rect, applyTransform(pixels, this.#transforms.get(id)));
		if (!current()) {
			return false;
		}

		state.picture = pixels;
		options.painted();
		return true;
	}

	#settle(state: TileState): void {
		state.busy = false;
		if (state.redraw) {
			this.redraw(state);
		}

		this.#options.settled(state);
	}
}
