import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {parseAnsiFrame} from '../../source/render/ansi-frame.js';
import {CellGrid, TRUECOLOR, rgb} from '../../source/render/cell-grid.js';
import {COLOR_TOLERANCE, bottomColor, isBlockCell, topColor} from '../../source/render/block-cells.js';
import {Compositor} from '../../source/render/compositor.js';
import type {Rect} from '../../source/render/types.js';
import {apply, op, pixelsFor, type Op, type State} from './compositor-ops.js';
import {ScreenModel, gridDifference} from './screen-model.js';

/*
For random sequences of chrome frames, video tiles, overlays, resizes and invalidations,
every flush's bytes applied to a strict terminal model must give exactly the compositor's
idea of the screen, that screen must be the independent composition of the layers, and
it must equal what a fresh compositor's full redraw produces. Each flush composes only what
was painted since the last one unless something global changed (compositor-partial.test.ts
checks those flushes against whole-screen ones).
*/

function inside(r: Rect, x: number, y: number): boolean {
	return x >= r.x && x < r.x + r.width && y >= r.y && y < r.y + r.height;
}

/** Whether `actual` is within `tolerance` of `expected` on every channel (both packed colours). */
function close(actual: number, expected: number, tolerance: number): boolean {
	if (actual === expected) {
		return true;
	}

	if (actual < TRUECOLOR || expected < TRUECOLOR) {
		return false;
	}

	return [16, 8, 0].every(shift => Math.abs(((actual >> shift) & 255) - ((expected >> shift) & 255)) <= tolerance);
}

/**
The screen composed from the layers directly, not through the compositor. Chrome cells must
match exactly; video cells must show the source's two pixels (whichever block character
carries them) within `tolerance`.
*/
function assertComposition(state: State, screen: CellGrid, tolerance: number): void {
	const expected = new CellGrid(state.columns, state.rows);
	parseAnsiFrame(state.chrome, expected);
	const isWide = new Uint8Array(expected.chars.length);
	const isVideo = new Uint8Array(expected.chars.length);
	expected.chars.forEach((char, index) => {
		isWide[index] = char === '' || expected.chars[index + 1] === '' ? 1 : 0;
	});
	for (const spec of state.videos.values()) {
		const pixels = pixelsFor(spec);
		for (let y = 0; y < state.rows; y++) {
			for (let x = 0; x < state.columns; x++) {
				if (!inside(spec.rect, x, y) || state.overlays.some(o => inside(o, x, y))) {
					continue;
				}

				const p = (row: number): number => ((row * pixels.width) + x - spec.rect.x) * 3;
				const top = p(2 * (y - spec.rect.y));
				const bottom = p((2 * (y - spec.rect.y)) + 1);
				const d = pixels.data;
				expected.set(x, y, '\u2580', rgb(d[top]!, d[top + 1]!, d[top + 2]!), rgb(d[bottom]!, d[bottom + 1]!, d[bottom + 2]!), 0);
				isWide[(y * state.columns) + x] = 0;
				isVideo[(y * state.columns) + x] = 1;
			}
		}
	}

	expected.set(state.columns - 1, state.rows - 1, ' ', -1, -1, 0);
	isWide[expected.chars.length - 1] = 0;
	isVideo[expected.chars.length - 1] = 0;
	for (let index = 0; index < expected.chars.length; index++) {
		const where = `cell ${index % state.columns},${Math.floor(index / state.columns)}`;
		if (isVideo[index] === 1) {
			assert.ok(isBlockCell(screen, index), `${where} is a block cell`);
			assert.ok(close(topColor(screen, index), expected.fg[index]!, tolerance), `${where} top ${topColor(screen, index).toString(16)} vs ${expected.fg[index]!.toString(16)}`);
			assert.ok(close(bottomColor(screen, index), expected.bg[index]!, tolerance), `${where} bottom`);
			continue;
		}

		assert.equal(screen.fg[index], expected.fg[index], where);
		assert.equal(screen.bg[index], expected.bg[index], where);
		assert.equal(screen.attrs[index], expected.attrs[index], where);
		if (screen.chars[index] !== expected.chars[index]) {
			// A wide character cut by a layer edge is shown as a blank.
			assert.ok(isWide[index] === 1 && screen.chars[index] === ' ', `${where}: ${screen.chars[index]} vs ${expected.chars[index]}`);
		}
	}
}

function redraw(state: State, tolerance: number): ScreenModel {
	const writes: string[] = [];
	const compositor = new Compositor({write: data => writes.push(data) > 0, once: () => undefined}, state.columns, state.rows, {tolerance});
	compositor.setChrome(state.chrome);
	for (const [id, spec] of state.videos) {
		apply(compositor, state, {kind: 'video', id, spec});
	}

	compositor.setOverlays(state.overlays);
	compositor.flush();
	const model = new ScreenModel(state.columns, state.rows);
	for (const data of writes) {
		model.apply(data);
	}

	return model;
}

/** Same picture: chrome cells identical, block cells showing the same two colours. */
function assertSamePicture(actual: CellGrid, expected: CellGrid): void {
	assert.equal(actual.width, expected.width);
	assert.equal(actual.height, expected.height);
	for (let index = 0; index < actual.chars.length; index++) {
		if (isBlockCell(expected, index)) {
			assert.ok(isBlockCell(actual, index), `cell ${index} is a block cell`);
			assert.equal(topColor(actual, index), topColor(expected, index), `cell ${index} top`);
			assert.equal(bottomColor(actual, index), bottomColor(expected, index), `cell ${index} bottom`);
		} else {
			assert.ok(actual.sameCell(index, expected, index), `cell ${index}`);
		}
	}
}

function run(tolerance: number, columns: number, rows: number, ops: Op[]): void {
	const writes: string[] = [];
	const compositor = new Compositor({write: data => writes.push(data) > 0, once: () => undefined}, columns, rows, {tolerance});
	const model = new ScreenModel(columns, rows);
	const state: State = {columns, rows, chrome: '', videos: new Map(), overlays: []};
	for (const operation of [...ops, {kind: 'flush' as const}]) {
		apply(compositor, state, operation);
		if (operation.kind === 'resize') {
			model.resize(operation.columns, operation.rows);
		}

		if (operation.kind !== 'flush') {
			continue;
		}

		const before = writes.length;
		const bytes = compositor.flush();
		assert.ok(writes.length - before <= 1);
		for (const data of writes.slice(before)) {
			model.apply(data);
			assert.equal(model.synchronized, false);
			assert.equal(Buffer.byteLength(data), bytes);
		}

		// The compositor's idea of the terminal is exactly the terminal.
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
		assertComposition(state, compositor.screen, tolerance);
		assert.equal(compositor.flush(), 0, 'nothing changed: nothing written');
	}

	if (tolerance === 0) {
		// Exact comparison: the deltas add up to the very picture a full redraw gives.
		assertSamePicture(model.grid, redraw(state, 0).grid);
	}
}

test('exact: incremental flushes keep the terminal equal to the composed screen and to a full redraw', () => {
	fc.assert(fc.property(fc.integer({min: 1, max: 24}), fc.integer({min: 1, max: 9}), fc.array(op, {maxLength: 40}), (columns, rows, ops) => {
		run(0, columns, rows, ops);
	}), {numRuns: 300});
});

test('with the colour tolerance: every video cell stays within COLOR_TOLERANCE of its source', () => {
	fc.assert(fc.property(fc.integer({min: 1, max: 24}), fc.integer({min: 1, max: 9}), fc.array(op, {maxLength: 40}), (columns, rows, ops) => {
		run(COLOR_TOLERANCE, columns, rows, ops);
	}), {numRuns: 300});
});
