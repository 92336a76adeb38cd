/** A raw RGB picture, 3 bytes a pixel, rows top to bottom, no padding. */
export type Raster = {
	readonly pixels: Uint8Array;
	readonly width: number;
	readonly height: number;
};

export type Rgb = readonly [red: number, green: number, blue: number];

type Span = {x0: number; y0: number; x1: number; y1: number};

function clip(raster: Raster, x: number, y: number, width: number, height: number): Span {
	return {
		x0: Math.max(0, Math.floor(x)),
		y0: Math.max(0, Math.floor(y)),
		x1: Math.min(raster.width, Math.floor(x + width)),
		y1: Math.min(raster.height, Math.floor(y + height)),
	};
}

/** Fill a rectangle, clipped to the raster. */
export function fillRect(raster: Raster, x: number, y: number, width: number, height: number, [red, green, blue]: Rgb): void {
	const {x0, y0, x1, y1} = clip(raster, x, y, width, height);
	const {pixels} = raster;
	for (let row = y0; row < y1; row++) {
		const end = ((row * raster.width) + x1) * 3;
		for (let i = ((row * raster.width) + x0) * 3; i < end; i += 3) {
			pixels[i] = red;
			pixels[i + 1] = green;
			pixels[i + 2] = blue;
		}
	}
}

/** Halve the brightness of a rectangle: a backdrop that keeps text readable on any background. */
export function shadeRect(raster: Raster, x: number, y: number, width: number, height: number): void {
	const {x0, y0, x1, y1} = clip(raster, x, y, width, height);
	const {pixels} = raster;
	for (let row = y0; row < y1; row++) {
		const end = ((row * raster.width) + x1) * 3;
		for (let i = ((row * raster.width) + x0) * 3; i < end; i++) {
			pixels[i]! >>= 1;
		}
	}
}
