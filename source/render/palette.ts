/*
The xterm palettes the text modes quantize to, and nearest-colour look-up tables.

256 colours (xterm's `256colres.pl`): 0–15 the basic colours, 16–231 a 6×6×6 cube whose
levels are 0, 95, 135, 175, 215, 255, and 232–255 a grey ramp 8, 18, …, 238. Video only
uses 16–255: the basic 16 are redefined by every colour scheme, so their RGB is unknown.

16 colours: the basic colours with xterm's default RGB values (SGR 30–37 and 90–97). Their
real colours depend on the user's theme; the table only has to pick a sensible one.

Look-ups go through a table indexed by the top 5 bits of each channel (32×32×32 = 32 KiB),
built once on first use: a pixel costs three shifts and one array read.
*/

export const CUBE_LEVELS = [0, 95, 135, 175, 215, 255] as const;

/** RGB of xterm colour `index` (0–255), as [r, g, b]. */
export const XTERM_RGB: ReadonlyArray<readonly [number, number, number]> = (() => {
	const basic: Array<[number, number, number]> = [
		[0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205], [229, 229, 229],
		[127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255], [255, 0, 255], [0, 255, 255], [255, 255, 255],
	];
	const table: Array<[number, number, number]> = [...basic];
	for (let r = 0; r < 6; r++) {
		for (let g = 0; g < 6; g++) {
			for (let b = 0; b < 6; b++) {
				table.push([CUBE_LEVELS[r]!, CUBE_LEVELS[g]!, CUBE_LEVELS[b]!]);
			}
		}
	}

	for (let grey = 0; grey < 24; grey++) {
		const level = 8 + (grey * 10);
		table.push([level, level, level]);
	}

	return table;
})();

function distance(r: number, g: number, b: number, color: readonly [number, number, number]): number {
	// Weighted by the eye's sensitivity (a cheap stand-in for a perceptual distance).
	const dr = r - color[0];
	const dg = g - color[1];
	const db = b - color[2];
	return (2 * dr * dr) + (4 * dg * dg) + (3 * db * db);
}

function nearestIn(r: number, g: number, b: number, first: number, last: number): number {
	let best = first;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (let index = first; index <= last; index++) {
		const d = distance(r, g, b, XTERM_RGB[index]!);
		if (d < bestDistance) {
			bestDistance = d;
			best = index;
		}
	}

	return best;
}

function buildTable(first: number, last: number): Uint8Array {
	const table = new Uint8Array(32 * 32 * 32);
	for (let r = 0; r < 32; r++) {
		for (let g = 0; g < 32; g++) {
			for (let b = 0; b < 32; b++) {
				// The centre of the 8-wide bucket stands for every value in it.
				table[(r << 10) | (g << 5) | b] = nearestIn((r << 3) + 4, (g << 3) + 4, (b << 3) + 4, first, last);
			}
		}
	}

	return table;
}

let table256: Uint8Array | undefined;
let table16: Uint8Array | undefined;

/** The 32 KiB look-up table for the 256-colour mode (indices 16–255). */
export function nearest256Table(): Uint8Array {
	table256 ??= buildTable(16, 255);
	return table256;
}

/** The 32 KiB look-up table for the 16-colour mode (indices 0–15). */
export function nearest16Table(): Uint8Array {
	table16 ??= buildTable(0, 15);
	return table16;
}

/** Table index of a pixel: the top 5 bits of each channel. */
export function tableIndex(r: number, g: number, b: number): number {
	return ((r >> 3) << 10) | ((g >> 3) << 5) | (b >> 3);
}
