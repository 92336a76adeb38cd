import type {Rect} from './types.js';

export const sameRect = (a: Rect, b: Rect): boolean => a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;

/** Whole cells: Ink's layout may report fractions; a negative size is empty. */
export function normalizeRect(rect: Rect): Rect {
	return {
		x: Math.floor(rect.x),
		y: Math.floor(rect.y),
		width: Math.max(0, Math.floor(rect.width)),
		height: Math.max(0, Math.floor(rect.height)),
	};
}

export const sameRects = (a: readonly Rect[], b: readonly Rect[]): boolean => a.length === b.length && a.every((rect, index) => sameRect(rect, b[index]!));
