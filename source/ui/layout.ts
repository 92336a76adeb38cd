import type {Rect} from '../render/types.js';

export type ViewMode = 'grid' | 'focus';

export type TileLayout = {
	/** Camera index. */
	readonly index: number;
	/** The whole tile: one title row, then the picture. */
	readonly outer: Rect;
	readonly title: Rect;
	/** Where the picture goes, in cells (each cell shows two pixel rows). */
	readonly video: Rect;
};

export type ScreenLayout = {
	readonly columns: number;
	readonly rows: number;
	readonly tiles: readonly TileLayout[];
	/** The focused camera's stats panel (focus view only). */
	readonly stats: Rect | undefined;
	readonly statusLine: Rect;
	/** Boxes drawn over the tiles (the help overlay); their cells win over video. */
	readonly overlays: readonly Rect[];
};

export type LayoutInput = {
	columns: number;
	rows: number;
	cameraCount: number;
	view: ViewMode;
	selected: number;
	helpOpen: boolean;
	/** Whether the focus view shows the stats panel (default true). */
	statsOpen?: boolean;
	/** Rows the help box needs (its content lines); the box is centred. */
	helpSize?: {width: number; height: number};
};

/** Blank columns between tiles side by side, and blank rows between tile rows. */
export const TILE_GAP = 1;
/** Width of the stats panel beside the picture in focus view. */
export const STATS_PANEL_WIDTH = 34;
/** Pixel aspect ratio assumed for pictures when choosing the grid shape (most cameras are 16:9). */
export const ASSUMED_ASPECT = 16 / 9;

/**
Choose the grid shape (columns × rows of tiles) that shows the largest pictures.
A half-block cell holds 1×2 pixels, which is about square pixels on a usual terminal font.
*/
export function chooseGrid(count: number, width: number, height: number): {columns: number; rows: number} {
	let best = {columns: 1, rows: Math.max(1, count), area: -1};
	for (let columns = 1; columns <= Math.max(1, count); columns++) {
		const rows = Math.ceil(count / columns);
		const tileWidth = Math.floor((width - ((columns - 1) * TILE_GAP)) / columns);
		const tileHeight = Math.floor((height - ((rows - 1) * TILE_GAP)) / rows);
		const pixelWidth = tileWidth;
		const pixelHeight = Math.max(0, tileHeight - 1) * 2;
		const shownWidth = Math.min(pixelWidth, pixelHeight * ASSUMED_ASPECT);
		const area = shownWidth * (shownWidth / ASSUMED_ASPECT);
		if (tileWidth >= 1 && tileHeight >= 2 && area > best.area) {
			best = {columns, rows, area};
		}
	}

	return {columns: best.columns, rows: best.rows};
}

function tileAt(index: number, outer: Rect): TileLayout {
	return {
		index,
		outer,
		title: {x: outer.x, y: outer.y, width: outer.width, height: 1},
		video: {x: outer.x, y: outer.y + 1, width: outer.width, height: Math.max(0, outer.height - 1)},
	};
}

function centredBox(columns: number, height: number, size: {width: number; height: number}): Rect {
	const width = Math.min(columns, size.width);
	const boxHeight = Math.min(height, size.height);
	return {
		x: Math.max(0, Math.floor((columns - width) / 2)),
		y: Math.max(0, Math.floor((height - boxHeight) / 2)),
		width,
		height: boxHeight,
	};
}

/** Pure screen layout: the UI renders these rectangles and the compositor paints video into them. */
export function computeLayout(input: LayoutInput): ScreenLayout {
	const columns = Math.max(1, input.columns);
	const rows = Math.max(1, input.rows);
	const statusLine: Rect = {x: 0, y: rows - 1, width: columns, height: 1};
	const bodyHeight = Math.max(0, rows - 1);
	const tiles: TileLayout[] = [];
	let stats: Rect | undefined;

	if (input.cameraCount > 0 && bodyHeight >= 2) {
		if (input.view === 'focus') {
			const selected = Math.min(Math.max(0, input.selected), input.cameraCount - 1);
			const panel = input.statsOpen !== false && columns >= STATS_PANEL_WIDTH * 2 ? STATS_PANEL_WIDTH : 0;
			const pictureWidth = panel > 0 ? columns - panel - TILE_GAP : columns;
			tiles.push(tileAt(selected, {x: 0, y: 0, width: pictureWidth, height: bodyHeight}));
			if (panel > 0) {
				stats = {x: columns - panel, y: 0, width: panel, height: bodyHeight};
			}
		} else {
			const grid = chooseGrid(input.cameraCount, columns, bodyHeight);
			const tileWidth = Math.floor((columns - ((grid.columns - 1) * TILE_GAP)) / grid.columns);
			const tileHeight = Math.floor((bodyHeight - ((grid.rows - 1) * TILE_GAP)) / grid.rows);
			for (let index = 0; index < input.cameraCount; index++) {
				const column = index % grid.columns;
				const row = Math.floor(index / grid.columns);
				tiles.push(tileAt(index, {
					x: column * (tileWidth + TILE_GAP),
					y: row * (tileHeight + TILE_GAP),
					width: tileWidth,
					height: tileHeight,
				}));
			}
		}
	}

	const overlays: Rect[] = [];
	if (input.helpOpen && input.helpSize) {
		overlays.push(centredBox(columns, bodyHeight, input.helpSize));
	}

	return {columns, rows, tiles, stats, statusLine, overlays};
}
