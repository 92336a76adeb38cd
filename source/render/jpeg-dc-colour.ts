import type {DcComponent} from './jpeg-markers.js';

/*
The DC decoder's block values → RGB pixels, one pixel per 8×8 block of the full-size picture
(the 1/8 picture).

A full-resolution component's value there is its block's mean: DC × quantiser / 8 (T.81
A.3.3), plus the 128 level shift. A subsampled component's block spans two of them on a
subsampled axis; repeating its mean into both puts a colour edge's whole error into the blocks
beside it (mean error 2.8 levels against 8×8 means of the full decode in the tests, 90 at
worst). Instead each half takes its own mean, from the DC and the first AC coefficients the
scan kept (jpeg-scan.ts), as libjpeg-turbo's scaled decode does with a 2×2 IDCT:

  f(x, y) = 1/4 Σu Σv C(u) C(v) F(v, u) cos((2x + 1)uπ/16) cos((2y + 1)vπ/16)

averaged over a half (x = 0–3 or 4–7): cos((2x + 1)π/16) averages to ±HALF_COS, and higher odd
frequencies are left out (chroma quantisers usually zero them). So a half's mean is
F(0,0)/8 + FIRST_AC (sx F(0,1) + sy F(1,0)) + DIAGONAL_AC sx sy F(1,1), with sx, sy = +1 for the
left/top half, −1 for the right/bottom one, 0 on an axis that is not subsampled.
*/

const HALF_COS = (Math.cos(Math.PI / 16) + Math.cos(3 * Math.PI / 16) + Math.cos(5 * Math.PI / 16) + Math.cos(7 * Math.PI / 16)) / 4;
const FIRST_AC = HALF_COS / (4 * Math.SQRT2);
const DIAGONAL_AC = (HALF_COS * HALF_COS) / 4;

/** Where a component's values live in the decoder's arrays. */
export type DcPlane = {
	component: DcComponent;
	/** Index of the component's first block and its blocks per row. */
	base: number;
	stride: number;
	/** Quantisers of zig-zag positions 0, 1, 2 and 4. */
	quant: Int32Array;
};

/** `value` (already offset by 0.5) truncated into 0–255: round to nearest, clamped. */
function clampByte(value: number): number {
	return value < 0 ? 0 : (value >= 255 ? 255 : value | 0);
}

/** Greyscale: the one component's means, repeated into R, G and B. */
export function greyToRgb(values: Int32Array, plane: DcPlane, rgb: Uint8Array, width: number, height: number): void {
	const scale = plane.quant[0]! / 8;
	for (let y = 0; y < height; y++) {
		let at = y * width * 3;
		const row = plane.base + (y * plane.stride);
		for (let x = 0; x < width; x++) {
			// The 128 level shift, plus 0.5 so clampByte's truncation rounds.
			const value = clampByte((values[row + x]! * scale) + 128.5);
			rgb[at++] = value;
			rgb[at++] = value;
			rgb[at++] = value;
		}
	}
}

/** One component's value at each pixel of the 1/8 picture, without the level shift. */
function planeValues(values: Int32Array, low: Int32Array, plane: DcPlane, maxH: number, maxV: number, target: Float64Array, width: number, height: number): void {
	const {component, base, stride, quant} = plane;
	const subsampledX = component.h < maxH;
	const subsampledY = component.v < maxV;
	const dc = quant[0]! / 8;
	const horizontal = FIRST_AC * quant[1]!;
	const vertical = FIRST_AC * quant[2]!;
	const diagonal = DIAGONAL_AC * quant[3]!;
	for (let y = 0; y < height; y++) {
		const row = base + ((subsampledY ? y >> 1 : y) * stride);
		const sy = subsampledY ? ((y & 1) === 0 ? 1 : -1) : 0;
		let at = y * width;
		for (let x = 0; x < width; x++) {
			const block = row + (subsampledX ? x >> 1 : x);
			let value = values[block]! * dc;
			if (subsampledX || subsampledY) {
				const sx = subsampledX ? ((x & 1) === 0 ? 1 : -1) : 0;
				value += (sx * horizontal * low[block * 3]!) + (sy * vertical * low[(block * 3) + 1]!) + (sx * sy * diagonal * low[(block * 3) + 2]!);
			}

			target[at++] = value;
		}
	}
}

const scratch = {size: 0, planes: [new Float64Array(0), new Float64Array(0), new Float64Array(0)]};

/** YCbCr → RGB (JFIF, ITU-T T.871, as libjpeg converts). */
export function ycbcrToRgb(values: Int32Array, low: Int32Array, planes: readonly [DcPlane, DcPlane, DcPlane], rgb: Uint8Array, width: number, height: number): void {
	const maxH = Math.max(...planes.map(plane => plane.component.h));
	const maxV = Math.max(...planes.map(plane => plane.component.v));
	if (scratch.size < width * height) {
		scratch.size = width * height;
		scratch.planes = scratch.planes.map(() => new Float64Array(width * height));
	}

	const [luma, blue, red] = scratch.planes as [Float64Array, Float64Array, Float64Array];
	planeValues(values, low, planes[0], maxH, maxV, luma, width, height);
	planeValues(values, low, planes[1], maxH, maxV, blue, width, height);
	planeValues(values, low, planes[2], maxH, maxV, red, width, height);
	let at = 0;
	for (let index = 0; index < width * height; index++) {
		const lumaValue = luma[index]! + 128.5;
		const cb = blue[index]!;
		const cr = red[index]!;
		rgb[at++] = clampByte(lumaValue + (1.402 * cr));
		rgb[at++] = clampByte(lumaValue - (0.344_136 * cb) - (0.714_136 * cr));
		rgb[at++] = clampByte(lumaValue + (1.772 * cb));
	}
}
