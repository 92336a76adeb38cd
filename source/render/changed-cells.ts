import type {Pixels} from './downsample.js';
import type {CellSize} from './image-pixels.js';
import type {Rect} from './types.js';

/**
When a cell of an image tile counts as changed: its mean colour moved by more than
CELL_MEAN_TOLERANCE on some channel, or one of its pixels by more than PIXEL_OUTLIER
(in big cells every second pixel of every second row is looked at).
Image tiles are drawn at full pixel resolution, where a camera's sensor noise is not
averaged away as it is in a half-block cell: compared pixel by pixel, every cell of a still
scene changes every frame. The mean of a cell's 100-odd pixels moves by well under one step
with noise, and a real change (an edge, an object, the light) moves it by more; a small
object inside one cell moves some pixel far more than noise ever does.
*/
export const CELL_MEAN_TOLERANCE = 4;
export const PIXEL_OUTLIER = 48;
/** Cells of at least this many pixels are sampled (every second pixel of every second row). */
const SAMPLED_CELL_PIXELS = 96;
/**
Cell rows are looked at every SAMPLE_STEP-th first (0, 4, 8, …, then 1, 5, 9, …): when that
first quarter (at least EARLY_ROWS rows, so the estimate means something) already says the
changes cover more than the caller's limit (full motion), the rest is not looked at. Each
row is still looked at once at most. Either answer is a correct picture: the limit only
decides whether the changed parts or the whole picture are sent.
*/
const SAMPLE_STEP = 4;
const EARLY_ROWS = 8;

/** Per-column work arrays of one cell row, kept across rows. */
type RowWork = {sums: Int32Array; outlier: Uint8Array};

/** The first and last changed column of cell row `row` (x1 < 0: none changed), into `extent`. */
function rowChange(before: Uint8Array, after: Pixels, cell: CellSize, row: number, work: RowWork, extent: Int32Array): void {
	const {width, height, data} = after;
	const columns = work.outlier.length;
	const {sums, outlier} = work;
	sums.fill(0);
	outlier.fill(0);
	// A quarter of a big cell's pixels still gives a mean far steadier than noise; a small
	// cell (kitty's half-density tiles) needs them all.
	const step = cell.width * cell.height >= SAMPLED_CELL_PIXELS ? 2 : 1;
	const yEnd = Math.min(height, (row + 1) * cell.height);
	let samples = 0;
	for (let y = row * cell.height; y < yEnd; y += step) {
		samples++;
		const line = y * width * 3;
		for (let column = 0, x = 0; column < columns; column++) {
			const xEnd = Math.min(width, x + cell.width);
			if (outlier[column] === 1) {
				// Already known to have changed: the rest of its pixels cannot undo that.
				x = xEnd;
				continue;
			}

			let r = 0;
			let g = 0;
			let b = 0;
			let far = 0;
			for (let p = line + (x * 3), end = line + (xEnd * 3); p < end; p += 3 * step) {
				const dr = data[p]! - before[p]!;
				const dg = data[p + 1]! - before[p + 1]!;
				const db = data[p + 2]! - before[p + 2]!;
				r += dr;
				g += dg;
				b += db;
				if (dr > PIXEL_OUTLIER || dr < -PIXEL_OUTLIER || dg > PIXEL_OUTLIER || dg < -PIXEL_OUTLIER || db > PIXEL_OUTLIER || db < -PIXEL_OUTLIER) {
					far = 1;
				}
			}

			sums[column * 3] = sums[column * 3]! + r;
			sums[(column * 3) + 1] = sums[(column * 3) + 1]! + g;
			sums[(column * 3) + 2] = sums[(column * 3) + 2]! + b;
			outlier[column] = outlier[column]! | far;
			x = xEnd;
		}
	}

	let x0 = columns;
	let x1 = -1;
	const limit = CELL_MEAN_TOLERANCE * samples * Math.ceil(cell.width / step);
	for (let column = 0; column < columns; column++) {
		const r = sums[column * 3]!;
		const g = sums[(column * 3) + 1]!;
		const b = sums[(column * 3) + 2]!;
		if (outlier[column] === 1 || r > limit || r < -limit || g > limit || g < -limit || b > limit || b < -limit) {
			x0 = Math.min(x0, column);
			x1 = column;
		}
	}

	extent[row * 2] = x0;
	extent[(row * 2) + 1] = x1;
}

/**
The cell rectangles (relative to the picture, in cells) that changed between `before` and
`after` (same size). Consecutive cell rows with changes are merged into one rectangle
spanning their changed columns. Returns undefined once the changed rows' spans cover more
than `giveUpAt` cells, or once the first quarter of the rows looked at says they will (the
caller then sends the whole picture anyway).
*/
export function changedCellRects(before: Uint8Array, after: Pixels, cell: CellSize, giveUpAt = Number.POSITIVE_INFINITY): Rect[] | undefined {
	const columns = Math.ceil(after.width / cell.width);
	const rows = Math.ceil(after.height / cell.height);
	const work: RowWork = {sums: new Int32Array(columns * 3), outlier: new Uint8Array(columns)};
	const extent = new Int32Array(rows * 2);
	let covered = 0;
	let looked = 0;
	for (let phase = 0; phase < SAMPLE_STEP; phase++) {
		for (let row = phase; row < rows; row += SAMPLE_STEP) {
			rowChange(before, after, cell, row, work, extent);
			looked++;
			const x1 = extent[(row * 2) + 1]!;
			if (x1 >= 0) {
				covered += x1 - extent[row * 2]! + 1;
				if (covered > giveUpAt) {
					return undefined;
				}
			}
		}

		if (phase === 0 && looked >= EARLY_ROWS && covered * rows > giveUpAt * looked) {
			return undefined;
		}
	}

	const rects: Rect[] = [];
	let open: {x0: number; x1: number; y0: number} | undefined;
	for (let row = 0; row < rows; row++) {
		const x0 = extent[row * 2]!;
		const x1 = extent[(row * 2) + 1]!;
		if (x1 < 0) {
			if (open) {
				rects.push({x: open.x0, y: open.y0, width: open.x1 - open.x0 + 1, height: row - open.y0});
				open = undefined;
			}

			continue;
		}

		if (open) {
			open.x0 = Math.min(open.x0, x0);
			open.x1 = Math.max(open.x1, x1);
		} else {
			open = {x0, x1, y0: row};
		}
	}

	if (open) {
		rects.push({x: open.x0, y: open.y0, width: open.x1 - open.x0 + 1, height: rows - open.y0});
	}

	return rects;
}
