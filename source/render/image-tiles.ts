import type {ImagePainter} from './image-painter.js';
import {sameRect} from './rect.js';
import type {Rect} from './types.js';

export type ImageTile = {
	rect: Rect;
	painter: ImagePainter;
	/** Whether the picture is on the terminal now (as an image, not as fallback cells). */
	placed: boolean;
	/** New pixels since the last paint. */
	changed: boolean;
};

type Hooks = {
	/** Repaint the whole screen at the next flush (an image only a clear screen removes). */
	invalidate(): void;
	/** Compare these cells exactly at the next flush (they were under an image). */
	markExact(rect: Rect): void;
	/** Wrap an image sequence (tmux passthrough), or pass it on. */
	wrap(sequence: string): string;
};

const intersects = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
The compositor's image tiles (docs/architecture.md, "Images in the compositor"): which are
shown as images at a flush, painting them, and taking them down (erase sequences or a
repaint) when they move, are covered, leave or change painter.
*/
export class ImageTiles {
	readonly tiles = new Map<string, ImageTile>();
	readonly #hooks: Hooks;
	/** Erase sequences owed for images that left the screen. */
	#erasures = '';

	constructor(hooks: Hooks) {
		this.#hooks = hooks;
	}

	set(id: string, rect: Rect, painter: ImagePainter): void {
		const tile = this.tiles.get(id);
		if (tile === undefined) {
			this.tiles.set(id, {rect, painter, placed: false, changed: true});
		} else if (tile.painter !== painter || !sameRect(tile.rect, rect)) {
			this.#takeDown(tile);
			tile.painter = painter;
			tile.rect = rect;
			tile.changed = true;
		} else {
			tile.changed = true;
		}
	}

	/** Take the tile's image off the screen and forget it. Returns whether there was one. */
	drop(id: string): boolean {
		const tile = this.tiles.get(id);
		if (tile) {
			this.#takeDown(tile);
			this.tiles.delete(id);
		}

		return tile !== undefined;
	}

	/** The terminal was cleared: every image must be placed again. */
	cleared(): void {
		for (const tile of this.tiles.values()) {
			tile.placed = false;
		}
	}

	/**
	Which tiles are images this flush: wholly on screen, above the last row, and touched by no
	overlay. The others are taken down (their painters draw them as cells meanwhile).
	*/
	visible(columns: number, rows: number, overlays: readonly Rect[]): Set<ImageTile> {
		const shown = new Set<ImageTile>();
		for (const tile of this.tiles.values()) {
			const {rect} = tile;
			const fits = rect.width > 0 && rect.height > 0 && rect.x >= 0 && rect.y >= 0
				&& rect.x + rect.width <= columns && rect.y + rect.height < rows;
			if (fits && !overlays.some(overlay => intersects(overlay, rect))) {
				shown.add(tile);
			} else if (tile.placed) {
				this.#takeDown(tile);
			}
		}

		return shown;
	}

	/** The erase sequences owed since the last call. */
	takeErasures(): string {
		const erasures = this.#erasures;
		this.#erasures = '';
		return erasures;
	}

	/** Paint the visible tiles that are new or changed; `onImage` is called for each sequence sent. */
	paint(visible: Set<ImageTile>, onImage: () => void): string {
		let out = '';
		for (const tile of visible) {
			if (tile.placed && !tile.changed) {
				continue;
			}

			const sequence = tile.painter.paint(tile.rect, !tile.placed);
			tile.placed = true;
			tile.changed = false;
			if (sequence !== '') {
				out += this.#hooks.wrap(sequence);
				onImage();
			}
		}

		return out;
	}

	#takeDown(tile: ImageTile): void {
		if (tile.placed) {
			const erase = tile.painter.erase();
			if (erase.clear) {
				this.#hooks.invalidate();
			} else {
				this.#erasures += this.#hooks.wrap(erase.sequence);
			}

			tile.placed = false;
		}

		this.#hooks.markExact(tile.rect);
	}
}
