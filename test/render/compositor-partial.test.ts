import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {COLOR_TOLERANCE} from '../../source/render/block-cells.js';
import {Compositor} from '../../source/render/compositor.js';
import {encodeHalfBlocks} from '../../source/render/half-block.js';
import type {CellSize} from '../../source/render/image-pixels.js';
import {KittyPainter} from '../../source/render/kitty-painter.js';
import {SixelPainter} from '../../source/render/sixel-painter.js';
import type {Rect} from '../../source/render/types.js';
import {apply, frameText, rect, style, type Op, type Segment, type State} from './compositor-ops.js';
import {ScreenModel, gridDifference, pictureRow} from './screen-model.js';

/*
A flush composes and compares only the cells painted since the last one (dirty-rows.ts).
Checked against a compositor that composes the whole screen at every flush (`wholeScreen`):
for the same operations both must write the very same bytes, whatever the tolerance, and
those bytes must leave a strict terminal model showing the compositor's screen. Image tiles
(sixel: removed by a repaint; kitty: by a delete sequence) come and go among the cell tiles.
*/

const cell: CellSize = {width: 2, height: 4};
type Protocol = 'sixel' | 'kitty';
type Painters = Map<string, {protocol: Protocol; rect: Rect; painter: SixelPainter | KittyPainter}>;

/** A tile shown as an image, with its own painter per compositor (a new one when the tile moved, as TileRenderer does). */
function showImage(compositor: Compositor, painters: Painters, id: string, area: Rect, protocol: Protocol, seed: number): void {
	let entry = painters.get(id);
	if (entry?.protocol !== protocol || entry.rect !== area) {
		entry = {protocol, rect: area, painter: protocol === 'sixel' ? new SixelPainter(cell) : new KittyPainter(cell)};
		painters.set(id, entry);
	}

	const width = area.width * cell.width;
	const height = area.height * cell.height;
	const data = new Uint8Array(width * height * 3);
	for (let index = 0; index < data.length; index++) {
		data[index] = ((index >> 3) * (seed + 1)) & 0xFF;
	}

	entry.painter.update({data, width, height});
	compositor.setImage(id, area, entry.painter);
}

/** Kitty image ids come from a global counter: the same stream up to them. */
const sameIds = (writes: string[]): string[] => writes.map(data => data.replaceAll(/i=\d+/g, 'i=#'));

type Sink = {writes: string[]; write(data: string): boolean; once(): undefined};

function sink(): Sink {
	const writes: string[] = [];
	return {writes, write: data => writes.push(data) > 0, once: () => undefined};
}

// Wide characters everywhere, so tile edges cut them often.
const wideText = fc.array(fc.constantFrom('a', ' ', '─', '字', '字', '🎥'), {maxLength: 14}).map(chars => chars.join(''));
const row = fc.array(fc.record({text: wideText, style}), {maxLength: 3});

type PartialOp = Op
	| {kind: 'chromeRow'; row: number; segments: Segment[]}
	| {kind: 'tile'; tile: number; seed: number; noise: number}
	| {kind: 'image'; tile: number; seed: number; protocol: Protocol};

const partialOp: fc.Arbitrary<PartialOp> = fc.oneof(
	// A new picture of one of the tiles, at its own place: the common case.
	{arbitrary: fc.record({kind: fc.constant('tile' as const), tile: fc.nat(5), seed: fc.nat(), noise: fc.integer({min: 0, max: 12})}), weight: 10},
	{arbitrary: fc.constant({kind: 'flush' as const}), weight: 8},
	// One row of the chrome changes (a stats line).
	{arbitrary: fc.record({kind: fc.constant('chromeRow' as const), row: fc.nat(11), segments: row}), weight: 3},
	{arbitrary: fc.record({kind: fc.constant('chrome' as const), rows: fc.array(row, {maxLength: 12})}), weight: 1},
	// A tile moved or resized.
	fc.record({kind: fc.constant('video' as const), id: fc.constantFrom('0', '1', '2', '3', '4', '5'), spec: fc.record({rect, seed: fc.nat(), noise: fc.integer({min: 0, max: 12})})}),
	fc.record({kind: fc.constant('image' as const), tile: fc.nat(5), seed: fc.nat(255), protocol: fc.constantFrom<Protocol>('sixel', 'kitty')}),
	fc.record({kind: fc.constant('remove' as const), id: fc.constantFrom('0', '1', '2', '3', '4', '5')}),
	fc.record({kind: fc.constant('overlays' as const), rects: fc.array(rect, {maxLength: 2})}),
	fc.record({kind: fc.constant('resize' as const), columns: fc.integer({min: 1, max: 30}), rows: fc.integer({min: 1, max: 12})}),
	fc.constant({kind: 'invalidate' as const}),
	fc.record({kind: fc.constant('tolerance' as const), tolerance: fc.constantFrom(0, COLOR_TOLERANCE)}),
);

function run(tolerance: number, columns: number, rows: number, tiles: Rect[], ops: PartialOp[]): void {
	const partialSink = sink();
	const wholeSink = sink();
	const partial = new Compositor(partialSink, columns, rows, {tolerance});
	const whole = new Compositor(wholeSink, columns, rows, {tolerance, wholeScreen: true});
	let model = new ScreenModel(columns, rows, {cellSize: cell});
	const partialPainters: Painters = new Map();
	const wholePainters: Painters = new Map();
	const state: State = {columns, rows, chrome: '', videos: new Map(), overlays: []};
	const wholeState: State = {columns, rows, chrome: '', videos: new Map(), overlays: []};
	const chromeRows: Segment[][] = [];
	for (const operation of [...ops, {kind: 'flush' as const}]) {
		let op: Op;
		if (operation.kind === 'image') {
			const id = String(operation.tile % tiles.length);
			const area = tiles[operation.tile % tiles.length]!;
			showImage(partial, partialPainters, id, area, operation.protocol, operation.seed);
			showImage(whole, wholePainters, id, area, operation.protocol, operation.seed);
			// The model's composition check (compositor-property.test.ts) knows cell tiles only.
			state.videos.delete(id);
			wholeState.videos.delete(id);
			continue;
		} else if (operation.kind === 'tile') {
			const tile = tiles[operation.tile % tiles.length]!;
			op = {kind: 'video', id: String(operation.tile % tiles.length), spec: {rect: tile, seed: operation.seed, noise: operation.noise}};
		} else if (operation.kind === 'chromeRow') {
			while (chromeRows.length <= operation.row) {
				chromeRows.push([]);
			}

			chromeRows[operation.row] = operation.segments;
			op = {kind: 'chrome', rows: chromeRows};
		} else {
			op = operation;
		}

		apply(partial, state, op);
		apply(whole, wholeState, op);
		if (op.kind === 'resize') {
			// A fresh model: the compositor clears the screen after a resize anyway, and the
			// model's image canvas keeps its first size through ScreenModel.resize.
			model = new ScreenModel(op.columns, op.rows, {cellSize: cell});
		}

		if (op.kind !== 'flush') {
			continue;
		}

		const before = partialSink.writes.length;
		const bytes = partial.flush();
		assert.equal(whole.flush(), bytes, 'as many bytes as a whole-screen flush');
		assert.deepEqual(sameIds(partialSink.writes), sameIds(wholeSink.writes), 'the very bytes of a whole-screen flush');
		for (const data of partialSink.writes.slice(before)) {
			model.apply(data);
		}

		assert.equal(gridDifference(model.grid, partial.screen), undefined);
		assert.ok(partial.stats.cellsComposed <= whole.stats.cellsComposed);
	}
}

const tiles = fc.array(rect, {minLength: 1, maxLength: 6});

describe('Compositor: partial flushes', () => {
	test('write exactly what whole-screen flushes write (exact comparison)', () => {
		fc.assert(fc.property(fc.integer({min: 1, max: 30}), fc.integer({min: 1, max: 12}), tiles, fc.array(partialOp, {maxLength: 60}), (columns, rows, rects, ops) => {
			run(0, columns, rows, rects, ops);
		}), {numRuns: 300});
	});

	test('write exactly what whole-screen flushes write (with the colour tolerance)', () => {
		fc.assert(fc.property(fc.integer({min: 1, max: 30}), fc.integer({min: 1, max: 12}), tiles, fc.array(partialOp, {maxLength: 60}), (columns, rows, rects, ops) => {
			run(COLOR_TOLERANCE, columns, rows, rects, ops);
		}), {numRuns: 300});
	});

	function grid(columns: number, rows: number): {compositor: Compositor; paint: (id: string, area: Rect, color: number) => void} {
		const compositor = new Compositor(sink(), columns, rows);
		const paint = (id: string, area: Rect, color: number): void => {
			const data = new Uint8Array(area.width * area.height * 2 * 3).fill(color);
			compositor.setVideo(id, area, (cells, target) => {
				encodeHalfBlocks({data, width: area.width, height: area.height * 2}, cells, target);
			});
		};

		return {compositor, paint};
	}

	test('a new picture of one tile composes that tile and the cell on each side, nothing else', () => {
		const {compositor, paint} = grid(80, 24);
		compositor.setChrome('camtop');
		const rects = [{x: 0, y: 1, width: 40, height: 11}, {x: 40, y: 1, width: 40, height: 11}, {x: 0, y: 12, width: 40, height: 11}, {x: 40, y: 12, width: 40, height: 11}];
		for (const [index, area] of rects.entries()) {
			paint(String(index), area, 40);
		}

		compositor.flush();
		assert.equal(compositor.stats.cellsComposed, 80 * 24, 'the first flush composes the whole screen');
		paint('3', rects[3]!, 200);
		assert.ok(compositor.flush() > 0);
		assert.equal(compositor.stats.cellsComposed - (80 * 24), 41 * 11, 'the tile at the right edge and the column on its left');
	});

	test('a chrome change composes only the cells around what changed; the same overlays again change nothing', () => {
		const {compositor} = grid(40, 6);
		compositor.setChrome('cam1 15.0 fps\n\nstatus');
		compositor.setOverlays([{x: 2, y: 2, width: 10, height: 2}]);
		compositor.flush();
		const composed = compositor.stats.cellsComposed;
		compositor.setChrome('cam1 14.9 fps\n\nstatus');
		assert.ok(compositor.flush() > 0);
		// "15.0" to "14.9": columns 6 and 8 differ; one more cell on each side.
		assert.equal(compositor.stats.cellsComposed - composed, 5);
		compositor.setOverlays([{x: 2, y: 2, width: 10, height: 2}]);
		assert.equal(compositor.flush(), 0);
		assert.equal(compositor.stats.cellsComposed - composed, 5);
	});

	test('a wide chrome character cut by a tile edge is blanked, and comes back when the tile moves away', () => {
		const model = new ScreenModel(12, 3);
		const terminal = sink();
		const watched = new Compositor(terminal, 12, 3);
		const show = (): void => {
			const before = terminal.writes.length;
			watched.flush();
			for (const data of terminal.writes.slice(before)) {
				model.apply(data);
			}
		};

		watched.setChrome(frameText([[{text: 'ab字字字cd', style: {fg: -1, bg: -1, attrs: 0}}]]));
		show();
		assert.equal(model.grid.rowText(0).trimEnd(), 'ab字字字cd');
		const data = new Uint8Array(2 * 2 * 3).fill(90);
		const place = (x: number): void => {
			watched.setVideo('t', {x, y: 0, width: 2, height: 1}, (cells, target) => {
				encodeHalfBlocks({data, width: 2, height: 2}, cells, target);
			});
		};

		// Columns 5-6 cover the tail of the 字 at 4-5 and the head of the one at 6-7.
		place(5);
		show();
		assert.equal(pictureRow(model.grid, 0).trimEnd(), 'ab字 ▀▀ cd');
		place(6);
		show();
		assert.equal(pictureRow(model.grid, 0).trimEnd(), 'ab字字▀▀cd');
		watched.removeVideo('t');
		show();
		assert.equal(model.grid.rowText(0).trimEnd(), 'ab字字字cd');
		assert.equal(gridDifference(model.grid, watched.screen), undefined);
	});
});
