import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {chooseGrid, computeLayout, STATS_PANEL_WIDTH, TILE_GAP} from '../../source/ui/layout.js';
import type {Rect} from '../../source/render/types.js';

const overlaps = (a: Rect, b: Rect) =>
	a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

const inside = (rect: Rect, columns: number, rows: number) =>
	rect.x >= 0 && rect.y >= 0 && rect.x + rect.width <= columns && rect.y + rect.height <= rows;

describe('computeLayout', () => {
	test('four cameras on 160x48 make a 2x2 grid of 16:9-friendly tiles', () => {
		const layout = computeLayout({columns: 160, rows: 48, cameraCount: 4, view: 'grid', selected: 0, helpOpen: false});
		assert.equal(layout.tiles.length, 4);
		assert.deepEqual(layout.tiles.map(tile => [tile.outer.x, tile.outer.y]), [[0, 0], [80, 0], [0, 24], [80, 24]]);
		assert.deepEqual(layout.tiles[0]!.video, {x: 0, y: 1, width: 79, height: 22});
		assert.deepEqual(layout.statusLine, {x: 0, y: 47, width: 160, height: 1});
	});

	test('one camera fills the body', () => {
		const layout = computeLayout({columns: 100, rows: 30, cameraCount: 1, view: 'grid', selected: 0, helpOpen: false});
		assert.deepEqual(layout.tiles[0]!.outer, {x: 0, y: 0, width: 100, height: 29});
	});

	test('focus view shows the selected camera with a stats panel beside it', () => {
		const layout = computeLayout({columns: 160, rows: 48, cameraCount: 4, view: 'focus', selected: 2, helpOpen: false});
		assert.equal(layout.tiles.length, 1);
		assert.equal(layout.tiles[0]!.index, 2);
		assert.deepEqual(layout.stats, {x: 160 - STATS_PANEL_WIDTH, y: 0, width: STATS_PANEL_WIDTH, height: 47});
		assert.equal(layout.tiles[0]!.outer.width, 160 - STATS_PANEL_WIDTH - TILE_GAP);
	});

	test('the help overlay is centred and reported as an overlay', () => {
		const layout = computeLayout({columns: 160, rows: 48, cameraCount: 4, view: 'grid', selected: 0, helpOpen: true, helpSize: {width: 40, height: 12}});
		assert.deepEqual(layout.overlays, [{x: 60, y: 17, width: 40, height: 12}]);
	});

	test('tiles never overlap each other, the status line, or leave the screen', () => {
		fc.assert(fc.property(
			fc.integer({min: 1, max: 400}),
			fc.integer({min: 3, max: 150}),
			fc.integer({min: 1, max: 40}),
			(columns, rows, count) => {
				const layout = computeLayout({columns, rows, cameraCount: count, view: 'grid', selected: 0, helpOpen: false});
				for (const [index, tile] of layout.tiles.entries()) {
					assert.ok(inside(tile.outer, columns, rows - 1));
					assert.ok(!overlaps(tile.outer, layout.statusLine));
					assert.equal(tile.video.y, tile.outer.y + 1);
					for (const other of layout.tiles.slice(index + 1)) {
						assert.ok(!overlaps(tile.outer, other.outer));
					}
				}
			},
		));
	});

	test('chooseGrid prefers the shape with the biggest pictures', () => {
		assert.deepEqual(chooseGrid(4, 160, 47), {columns: 2, rows: 2});
		assert.deepEqual(chooseGrid(2, 160, 47), {columns: 2, rows: 1});
		assert.deepEqual(chooseGrid(2, 80, 60), {columns: 1, rows: 2});
	});
});
