import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {parseAnsiFrame} from '../../source/render/ansi-frame.js';
import {CellGrid, TRUECOLOR, rgb} from '../../source/render/cell-grid.js';
import {COLOR_TOLERANCE, bottomColor, isBlockCell, topColor} from '../../source/render/block-cells.js';
import {Compositor} from '../../source/render/compositor.js';
import {encodeHalfBlocks} from '../../source/render/half-block.js';
import type {Rect} from '../../source/render/types.js';
import {ScreenModel, gridDifference} from './screen-model.js';

/*
For random sequences of chrome frames, video tiles, overlays, resizes and invalidations,
every flush's bytes applied to a strict terminal model must give exactly the compositor's
idea of the screen, that screen must be the independent composition of the layers, and
it must equal what a fresh compositor's full redraw produces.
*/

type Style = {fg: number; bg: number; attrs: number};
type Segment = {text: string; style: Style};
type VideoSpec = {rect: Rect; seed: number; noise: number};
type Op =
	| {kind: 'chrome'; rows: Segment[][]}
	| {kind: 'video'; id: string; spec: VideoSpec}
	| {kind: 'remove'; id: string}
	| {kind: 'overlays'; rects: Rect[]}
	| {kind: 'resize'; columns: number; rows: number}
	| {kind: 'invalidate'}
	| {kind: 'flush'};

const color = fc.oneof(
	fc.constant(-1),
	fc.integer({min: 0, max: 255}),
	fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([r, g, b]) => rgb(r, g, b)),
);
const style = fc.record({fg: color, bg: color, attrs: fc.integer({min: 0, max: 63})});
const text = fc.array(fc.constantFrom('a', 'b', ' ', '─', '字', '🎥', 'é'), {maxLength: 12}).map(chars => chars.join(''));
const rect = fc.record({
	x: fc.integer({min: -3, max: 24}),
	y: fc.integer({min: -2, max: 9}),
	width: fc.integer({min: 0, max: 12}),
	height: fc.integer({min: 0, max: 6}),
});
const op: fc.Arbitrary<Op> = fc.oneof(
	{arbitrary: fc.record({kind: fc.constant('chrome' as const), rows: fc.array(fc.array(fc.record({text, style}), {maxLength: 4}), {maxLength: 10})}), weight: 3},
	{arbitrary: fc.record({kind: fc.constant('video' as const), id: fc.constantFrom('a', 'b', 'c'), spec: fc.record({rect, seed: fc.nat(), noise: fc.integer({min: 0, max: 12})})}), weight: 4},
	fc.record({kind: fc.constant('remove' as const), id: fc.constantFrom('a', 'b', 'c')}),
	fc.record({kind: fc.constant('overlays' as const), rects: fc.array(rect, {maxLength: 2})}),
	fc.record({kind: fc.constant('resize' as const), columns: fc.integer({min: 1, max: 24}), rows: fc.integer({min: 1, max: 9})}),
	fc.constant({kind: 'invalidate' as const}),
	{arbitrary: fc.constant({kind: 'flush' as const}), weight: 4},
);

const ATTRIBUTE_CODES: Array<[number, string]> = [[1, '1'], [2, '2'], [4, '3'], [8, '4'], [16, '7'], [32, '9']];

function sgr(s: Style): string {
	const colorCode = (c: number, base: number): string => c < 0
		? String(base + 9)
		: (c < 256 ? `${base + 8};5;${c}` : `${base + 8};2;${(c >> 16) & 255};${(c >> 8) & 255};${c & 255}`);
	const codes = ['0', ...ATTRIBUTE_CODES.filter(([bit]) => (s.attrs & bit) !== 0).map(([, code]) => code), colorCode(s.fg, 30), colorCode(s.bg, 40)];
	return `\u001B[${codes.join(';')}m`;
}

function frameText(rows: Segment[][]): string {
	return rows.map(segments => segments.map(segment => sgr(segment.style) + segment.text).join('') + '\u001B[0m').join('\n');
}

const PALETTE: Array<[number, number, number]> = [[0, 0, 0], [255, 0, 0], [10, 200, 30], [90, 90, 250]];

function pixelsFor(spec: VideoSpec): {data: Uint8Array; width: number; height: number} {
	const width = spec.rect.width;
	const height = spec.rect.height * 2;
	const data = new Uint8Array(width * height * 3);
	let state = spec.seed;
	for (let index = 0; index < width * height; index++) {
		state = ((state * 1_103_515_245) + 12_345) % 2_147_483_648;
		const base = PALETTE[(state >> 16) % PALETTE.length]!;
		// Sensor noise: every channel moved by up to ±noise, as consecutive camera frames are.
		for (let channel = 0; channel < 3; channel++) {
			const jitter = spec.noise === 0 ? 0 : (((state >> (channel * 5)) & 31) % ((2 * spec.noise) + 1)) - spec.noise;
			data[(index * 3) + channel] = Math.max(0, Math.min(255, base[channel]! + jitter));
		}
	}

	return {data, width, height};
}

type State = {columns: number; rows: number; chrome: string; videos: Map<string, VideoSpec>; overlays: Rect[]};

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

function apply(compositor: Compositor, state: State, operation: Op): void {
	switch (operation.kind) {
		case 'chrome': {
			state.chrome = frameText(operation.rows);
			compositor.setChrome(state.chrome);
			break;
		}

		case 'video': {
			state.videos.set(operation.id, operation.spec);
			const pixels = pixelsFor(operation.spec);
			compositor.setVideo(operation.id, operation.spec.rect, (grid, local) => {
				encodeHalfBlocks(pixels, grid, local);
			});
			break;
		}

		case 'remove': {
			state.videos.delete(operation.id);
			compositor.removeVideo(operation.id);
			break;
		}

		case 'overlays': {
			state.overlays = operation.rects;
			compositor.setOverlays(operation.rects);
			break;
		}

		case 'resize': {
			state.columns = operation.columns;
			state.rows = operation.rows;
			compositor.resize(operation.columns, operation.rows);
			break;
		}

		case 'invalidate': {
			compositor.invalidate();
			break;
		}

		case 'flush': {
			break;
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
