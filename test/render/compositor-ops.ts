import fc from 'fast-check';
import {rgb} from '../../source/render/cell-grid.js';
import type {Compositor} from '../../source/render/compositor.js';
import {encodeHalfBlocks} from '../../source/render/half-block.js';
import type {Rect} from '../../source/render/types.js';

/*
The operations the compositor property tests apply in random sequences (chrome frames,
video tiles, overlays, resizes, invalidations, tolerance changes, flushes), their
generators, and the pixels and Ink-like frames they stand for.
*/

export type Style = {fg: number; bg: number; attrs: number};
export type Segment = {text: string; style: Style};
export type VideoSpec = {rect: Rect; seed: number; noise: number};
export type Op =
	| {kind: 'chrome'; rows: Segment[][]}
	| {kind: 'video'; id: string; spec: VideoSpec}
	| {kind: 'remove'; id: string}
	| {kind: 'overlays'; rects: Rect[]}
	| {kind: 'resize'; columns: number; rows: number}
	| {kind: 'invalidate'}
	| {kind: 'tolerance'; tolerance: number}
	| {kind: 'flush'};

export const color = fc.oneof(
	fc.constant(-1),
	fc.integer({min: 0, max: 255}),
	fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)).map(([r, g, b]) => rgb(r, g, b)),
);
export const style = fc.record({fg: color, bg: color, attrs: fc.integer({min: 0, max: 63})});
export const text = fc.array(fc.constantFrom('a', 'b', ' ', '─', '字', '🎥', 'é'), {maxLength: 12}).map(chars => chars.join(''));
export const rect = fc.record({
	x: fc.integer({min: -3, max: 24}),
	y: fc.integer({min: -2, max: 9}),
	width: fc.integer({min: 0, max: 12}),
	height: fc.integer({min: 0, max: 6}),
});
export const op: fc.Arbitrary<Op> = fc.oneof(
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

export function frameText(rows: Segment[][]): string {
	return rows.map(segments => segments.map(segment => sgr(segment.style) + segment.text).join('') + '\u001B[0m').join('\n');
}

const PALETTE: Array<[number, number, number]> = [[0, 0, 0], [255, 0, 0], [10, 200, 30], [90, 90, 250]];

export function pixelsFor(spec: VideoSpec): {data: Uint8Array; width: number; height: number} {
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

export type State = {columns: number; rows: number; chrome: string; videos: Map<string, VideoSpec>; overlays: Rect[]};

export function apply(compositor: Compositor, state: State, operation: Op): void {
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

		case 'tolerance': {
			compositor.setTolerance(operation.tolerance);
			break;
		}

		case 'flush': {
			break;
		}
	}
}
