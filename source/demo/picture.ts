import {charactersThatFit, drawText, glyphHeight, textWidth} from './font.js';
import {fillRect, type Raster, shadeRect, type Rgb} from './raster.js';

const white: Rgb = [255, 255, 255];
const yellow: Rgb = [255, 214, 40];
const cyan: Rgb = [80, 240, 255];

/** Seconds for the background gradient to scroll one full width. */
const gradientPeriod = 6;
/** Rows per band of the vertical gradient; 8 matches the JPEG block height. */
const bandRows = 8;

function pad(value: number, digits = 2): string {
	return String(value).padStart(digits, '0');
}

/** Local wall clock as `HH:MM:SS.t`. */
export function clockText(timeMs: number): string {
	const date = new Date(timeMs);
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${Math.floor(date.getMilliseconds() / 100)}`;
}

/** 0 → 1 → 0 as `u` goes 0 → 1 → 2, repeating: a bounce between two walls. */
function triangle(u: number): number {
	const phase = u % 2;
	return phase <= 1 ? phase : 2 - phase;
}

/**
The demo camera's moving picture, painted into one reused raw RGB buffer: a scrolling
colour gradient, a bouncing square, a sweeping bar, and the camera name, frame number
and clock in the built-in bitmap font, sized to about 1/8 of the frame height so a
small terminal tile still shows them.
*/
export class DemoPicture implements Raster {
	readonly pixels: Uint8Array;
	readonly width: number;
	readonly height: number;
	private readonly label: string;
	private readonly scale: number;
	private readonly margin: number;
	/** Per-column colour terms; a background pixel is its column's term plus its band's. */
	private readonly columnTerms: Uint8Array;

	constructor(width: number, height: number, label: string) {
		this.width = width;
		this.height = height;
		this.pixels = new Uint8Array(width * height * 3);
		this.columnTerms = new Uint8Array(width * 3);
		this.scale = Math.max(1, Math.round(height / 8 / glyphHeight));
		this.margin = Math.max(2, this.scale * 2);
		this.label = label.toUpperCase().slice(0, charactersThatFit(width - (this.margin * 2), this.scale));
	}

	/** Paint the frame for `timeMs` (wall clock); the returned buffer is reused by the next call. */
	paint(frameNumber: number, timeMs: number): Uint8Array {
		const seconds = timeMs / 1000;
		this.paintBackground(seconds);
		const side = Math.round(this.height / 5);
		fillRect(this, triangle(seconds * 0.37) * (this.width - side), triangle(seconds * 0.53) * (this.height - side), side, side, yellow);
		const barWidth = Math.max(2, Math.round(this.width / 120));
		fillRect(this, triangle(seconds / 2) * (this.width - barWidth), 0, barWidth, this.height, cyan);
		const lineHeight = glyphHeight * this.scale;
		const bottom = this.height - this.margin - lineHeight;
		this.caption(this.label, this.margin, white);
		this.caption(`#${frameNumber}`, bottom - lineHeight - this.margin, white);
		this.caption(clockText(timeMs), bottom, yellow);
		return this.pixels;
	}

	private paintBackground(seconds: number): void {
		const {width, height, columnTerms, pixels} = this;
		const shift = seconds / gradientPeriod;
		for (let x = 0; x < width; x++) {
			const angle = 2 * Math.PI * ((x / width) + shift);
			columnTerms[x * 3] = 70 + (65 * Math.sin(angle));
			columnTerms[(x * 3) + 1] = 20 + (20 * Math.sin(angle + 2));
			columnTerms[(x * 3) + 2] = 70 + (65 * Math.sin(angle + 4));
		}

		// Rows come in bands of `bandRows` that share one colour term: each band's first row
		// is computed and the rest are memcpy'd, which makes the background ~8× cheaper.
		// The steps between bands are 2-3 levels of green, too small to see.
		const rowBytes = width * 3;
		for (let top = 0; top < height; top += bandRows) {
			const angle = 2 * Math.PI * ((top / height / 2) - (shift / 2));
			const red = Math.trunc(30 + (30 * Math.sin(angle + 1)));
			const green = Math.trunc(50 + (50 * Math.sin(angle)));
			const blue = Math.trunc(30 + (30 * Math.cos(angle)));
			// Each term stays below 128, so the sums never wrap past 255.
			const start = top * rowBytes;
			for (let column = 0; column < rowBytes; column += 3) {
				pixels[start + column] = columnTerms[column]! + red;
				pixels[start + column + 1] = columnTerms[column + 1]! + green;
				pixels[start + column + 2] = columnTerms[column + 2]! + blue;
			}

			const bandEnd = Math.min(height, top + bandRows);
			for (let row = top + 1; row < bandEnd; row++) {
				pixels.copyWithin(row * rowBytes, start, start + rowBytes);
			}
		}
	}

	/** One line of text on a shaded backdrop, left-aligned at the margin. */
	private caption(text: string, y: number, colour: Rgb): void {
		const {scale, margin} = this;
		shadeRect(this, margin - scale, y - scale, textWidth(text, scale) + (2 * scale), (glyphHeight + 2) * scale);
		drawText(this, text, margin, y, scale, colour);
	}
}
