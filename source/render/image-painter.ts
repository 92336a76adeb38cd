import type {CellGrid} from './cell-grid.js';
import type {Rect} from './types.js';

/** The terminal image protocols camtop can draw tiles with. */
export type ImageProtocol = 'sixel' | 'kitty' | 'iterm2';

export type ImageErase = {readonly clear: true} | {readonly clear: false; readonly sequence: string};

/**
One tile's picture as a terminal image. The compositor decides when and where it is drawn
(docs/architecture.md, "Images in the compositor"); the painter knows how.
*/
export type ImagePainter = {
	readonly protocol: ImageProtocol;
	/**
	The escape sequences that draw the picture over the cells of `rect` (screen cells, fully
	on screen). With `full` every pixel is sent; otherwise only what changed since the last
	call ('' when nothing did). Each sequence positions the cursor itself; afterwards the
	cursor position is unknown.
	*/
	paint(rect: Rect, full: boolean): string;
	/** The same picture as half-block cells, shown while an overlay covers part of the tile. */
	drawCells(grid: CellGrid, rect: Rect): void;
	/**
	What takes the picture off the screen: `{clear: true}` when only clearing the screen does
	it reliably (sixel and iTerm2 pictures are pixels on the text layer); otherwise the
	sequence (kitty: delete the image and its placements), after which the cells below are
	repainted.
	*/
	erase(): ImageErase;
};
