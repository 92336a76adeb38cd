import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {chromeRows, compactRect, expandFrame} from '../../source/ui/chrome-rows.js';
import {computeLayout} from '../../source/ui/layout.js';

const grid16 = computeLayout({columns: 160, rows: 48, cameraCount: 16, view: 'grid', selected: 0, helpOpen: false});

describe('chrome rows (Ink renders only the rows that hold chrome)', () => {
	test('16 cameras at 160×48: the four title rows and the status line', () => {
		const rows = chromeRows(grid16, () => false);
		const titleRows = [...new Set(grid16.tiles.map(tile => tile.title.y))];
		assert.deepEqual(rows.live, [...titleRows, 47]);
		assert.equal(rows.live.length, 5);
		for (const [compact, y] of rows.live.entries()) {
			assert.equal(rows.compactOf[y], compact);
		}

		assert.equal(rows.compactOf.filter(compact => compact === -1).length, 48 - 5);
	});

	test('a tile with a placeholder, the help overlay and the focus stats panel bring their rows', () => {
		const withPlaceholder = chromeRows(grid16, index => index === 5);
		const video = grid16.tiles[5]!.video;
		for (let y = video.y; y < video.y + video.height; y++) {
			assert.notEqual(withPlaceholder.compactOf[y], -1, `row ${y}`);
		}

		assert.deepEqual(compactRect(withPlaceholder, video), {x: video.x, y: withPlaceholder.compactOf[video.y], width: video.width, height: video.height});
		const help = computeLayout({columns: 160, rows: 48, cameraCount: 16, view: 'grid', selected: 0, helpOpen: true, helpSize: {width: 40, height: 20}});
		const overlay = help.overlays[0]!;
		assert.equal(compactRect(chromeRows(help, () => false), overlay).height, overlay.height);
		const focus = computeLayout({columns: 160, rows: 48, cameraCount: 16, view: 'focus', selected: 3, helpOpen: false});
		assert.equal(chromeRows(focus, () => false).live.length, 48, 'the stats panel spans the body');
	});

	test('a rectangle with no chrome rows has height 0', () => {
		const rows = chromeRows(grid16, () => false);
		assert.equal(compactRect(rows, grid16.tiles[0]!.video).height, 0);
		assert.deepEqual(compactRect(rows, grid16.tiles[0]!.title), {...grid16.tiles[0]!.title, y: 0});
	});

	test('expandFrame puts every compact row back at its screen row, blank lines between', () => {
		const layout = computeLayout({columns: 20, rows: 10, cameraCount: 2, view: 'grid', selected: 0, helpOpen: false});
		const rows = chromeRows(layout, () => false);
		const compact = rows.live.map(y => `row ${y} \u001B[1mbold\u001B[22m`).join('\n');
		const lines = expandFrame(compact, rows).split('\n');
		assert.equal(lines.length, 10);
		for (const [y, line] of lines.entries()) {
			assert.equal(line, rows.live.includes(y) ? `row ${y} \u001B[1mbold\u001B[22m` : '');
		}
	});
});
