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

/** Per-plane constants for `ycbcrToRgb`'s loop (see the formula above). */
type Taps = {base: number; stride: number; shiftX: number; shiftY: number; dc: number; horizontal: number; vertical: number; diagonal: number};

function tapsOf(plane: DcPlane, maxH: number, maxV: number): Taps {
	const {component, base, stride, quant} = plane;
	const subsampledX = component.h < maxH;
	const subsampledY = component.v < maxV;
	// An axis that is not subsampled has no halves: its terms are multiplied by 0.
	return {
		base,
		stride,
		shiftX: subsampledX ? 1 : 0,
		shiftY: subsampledY ? 1 : 0,
		dc: quant[0]! / 8,
		horizontal: subsampledX ? FIRST_AC * quant[1]! : 0,
		vertical: subsampledY ? FIRST_AC * quant[2]! : 0,
		diagonal: subsampledX && subsampledY ? DIAGONAL_AC * quant[3]! : 0,
	};
}

/** YCbCr → RGB (JFIF, ITU-T T.871, as libjpeg converts), each plane's value as above. */
export function ycbcrToRgb(values: Int32Array, low: Int32Array, planes: readonly [DcPlane, DcPlane, DcPlane], rgb: Uint8Array, width: number, height: number): void {
	const maxH = Math.max(planes[0].component.h, planes[1].component.h, planes[2].component.h);
	const maxV = Math.max(planes[0].component.v, planes[1].component.v, planes[2].component.v);
	const [lumaPlane, bluePlane, redPlane] = planes;
	if (lumaPlane.component.h === maxH && lumaPlane.component.v === maxV && bluePlane.component.h === redPlane.component.h && bluePlane.component.v === redPlane.component.v) {
		// Every camera's layout (4:2:0, 4:2:2, 4:4:0, 4:4:4): chroma worked out once per chroma block.
		byChromaBlock(values, low, planes, maxH / bluePlane.component.h, maxV / bluePlane.component.v, rgb, width, height);
		return;
	}

	const luma = tapsOf(planes[0], maxH, maxV);
	const blue = tapsOf(planes[1], maxH, maxV);
	const red = tapsOf(planes[2], maxH, maxV);
	// Locals, not fields, in the loop: V8 keeps them in registers.
	const {shiftX: lumaShiftX, shiftY: lumaShiftY, dc: lumaDc, horizontal: lumaH, vertical: lumaV, diagonal: lumaD} = luma;
	const {shiftX: blueShiftX, shiftY: blueShiftY, dc: blueDc, horizontal: blueH, vertical: blueV, diagonal: blueD} = blue;
	const {shiftX: redShiftX, shiftY: redShiftY, dc: redDc, horizontal: redH, vertical: redV, diagonal: redD} = red;
	let at = 0;
	for (let y = 0; y < height; y++) {
		// +1 for the top half of a block, −1 for the bottom (either when the axis is not subsampled: its terms are 0).
		const lumaRow = luma.base + ((y >> lumaShiftY) * luma.stride);
		const lumaY = 1 - ((y & lumaShiftY) << 1);
		const blueRow = blue.base + ((y >> blueShiftY) * blue.stride);
		const blueY = 1 - ((y & blueShiftY) << 1);
		const redRow = red.base + ((y >> redShiftY) * red.stride);
		const redY = 1 - ((y & redShiftY) << 1);
		for (let x = 0; x < width; x++) {
			const l = lumaRow + (x >> lumaShiftX);
			const lx = 1 - ((x & lumaShiftX) << 1);
			const b = blueRow + (x >> blueShiftX);
			const bx = 1 - ((x & blueShiftX) << 1);
			const r = redRow + (x >> redShiftX);
			const rx = 1 - ((x & redShiftX) << 1);
			// The 128 level shift, plus 0.5 so clampByte's truncation rounds.
			const lumaValue = (values[l]! * lumaDc) + (lx * lumaH * low[l * 3]!) + (lumaY * lumaV * low[(l * 3) + 1]!) + (lx * lumaY * lumaD * low[(l * 3) + 2]!) + 128.5;
			const cb = (values[b]! * blueDc) + (bx * blueH * low[b * 3]!) + (blueY * blueV * low[(b * 3) + 1]!) + (bx * blueY * blueD * low[(b * 3) + 2]!);
			const cr = (values[r]! * redDc) + (rx * redH * low[r * 3]!) + (redY * redV * low[(r * 3) + 1]!) + (rx * redY * redD * low[(r * 3) + 2]!);
			rgb[at++] = clampByte(lumaValue + (1.402 * cr));
			rgb[at++] = clampByte(lumaValue - (0.344_136 * cb) - (0.714_136 * cr));
			rgb[at++] = clampByte(lumaValue + (1.772 * cb));
		}
	}
}

/**
The usual layout, full-resolution luma and both chroma components sampled alike, one chroma
block at a time: its colour terms for each of its `repeatX` × `repeatY` luma blocks are worked
out once, then each luma block adds its own brightness.
*/
function byChromaBlock(values: Int32Array, low: Int32Array, planes: readonly [DcPlane, DcPlane, DcPlane], repeatX: number, repeatY: number, rgb: Uint8Array, width: number, height: number): void {
	const [luma, blue, red] = planes;
	const lumaDc = luma.quant[0]! / 8;
	const blueDc = blue.quant[0]! / 8;
	const redDc = red.quant[0]! / 8;
	// The half terms exist only on a subsampled axis (repeat 2).
	const blueH = repeatX === 2 ? FIRST_AC * blue.quant[1]! : 0;
	const blueV = repeatY === 2 ? FIRST_AC * blue.quant[2]! : 0;
	const blueD = repeatX === 2 && repeatY === 2 ? DIAGONAL_AC * blue.quant[3]! : 0;
	const redH = repeatX === 2 ? FIRST_AC * red.quant[1]! : 0;
	const redV = repeatY === 2 ? FIRST_AC * red.quant[2]! : 0;
	const redD = repeatX === 2 && repeatY === 2 ? DIAGONAL_AC * red.quant[3]! : 0;
	const blocksWide = Math.ceil(width / repeatX);
	const blocksHigh = Math.ceil(height / repeatY);
	for (let chromaY = 0; chromaY < blocksHigh; chromaY++) {
		for (let chromaX = 0; chromaX < blocksWide; chromaX++) {
			const b = blue.base + (chromaY * blue.stride) + chromaX;
			const r = red.base + (chromaY * red.stride) + chromaX;
			const blueMean = values[b]! * blueDc;
			const blueX = low[b * 3]! * blueH;
			const blueY = low[(b * 3) + 1]! * blueV;
			const blueXy = low[(b * 3) + 2]! * blueD;
			const redMean = values[r]! * redDc;
			const redX = low[r * 3]! * redH;
			const redY = low[(r * 3) + 1]! * redV;
			const redXy = low[(r * 3) + 2]! * redD;
			for (let dy = 0; dy < repeatY; dy++) {
				const y = (chromaY * repeatY) + dy;
				if (y >= height) {
					break;
				}

				// +1 for the top (left) half, −1 for the bottom (right); the terms are 0 on an axis that is not subsampled.
				const sy = 1 - (dy << 1);
				const lumaRow = luma.base + (y * luma.stride);
				for (let dx = 0; dx < repeatX; dx++) {
					const x = (chromaX * repeatX) + dx;
					if (x >= width) {
						break;
					}

					const sx = 1 - (dx << 1);
					const cb = blueMean + (sx * blueX) + (sy * blueY) + (sx * sy * blueXy);
					const cr = redMean + (sx * redX) + (sy * redY) + (sx * sy * redXy);
					// The 128 level shift, plus 0.5 so clampByte's truncation rounds.
					const lumaValue = (values[lumaRow + x]! * lumaDc) + 128.5;
					const at = ((y * width) + x) * 3;
					rgb[at] = clampByte(lumaValue + (1.402 * cr));
					rgb[at + 1] = clampByte(lumaValue - (0.344_136 * cb) - (0.714_136 * cr));
					rgb[at + 2] = clampByte(lumaValue + (1.772 * cb));
				}
			}
		}
	}
}
