import {image2sixel} from 'sixel';
import {sixelEncodeIndexed} from 'sixel/lib/SixelEncoder.js';
import {downsample, type Pixels} from '../source/render/downsample.js';
import {SixelEncoder} from '../source/render/sixel-encode.js';
import {SIXEL_LEVELS, sixelColor} from '../source/render/sixel-palette.js';
import {indexRow, wordView} from '../source/render/sixel-index.js';
import type {Clip} from './render-clips.js';

/*
Baselines for camtop's sixel encoder (source/render/sixel-encode.ts): the `sixel` npm
package's encoders on the same decoded pictures, every frame a whole picture (the package
has no delta), beside camtop's encoder on whole pictures too, so the rows compare encoders,
not camtop's delta:

- `sixel pkg, 125-colour palette`: camtop's palette indices (the same fixed 5×5×5 cube),
  encoded by the package's `sixelEncodeIndexed` (its band encoder, no quantizer): the same
  picture as camtop's, so bytes and CPU compare the encoders alone;
- `sixel pkg, image2sixel 256`: what the package's README suggests, its own quantizer (a
  k-d tree palette of up to 256 colours per frame) with its 4-neighbour dithering, on RGBA
  (the conversion from RGB is counted); at ~0.4 s a frame it runs on the first
  SLOW_FRAMES frames of a clip only, to keep the bench short;
- `camtop sixel, whole pictures`: camtop's encoder on the whole picture every frame.

CPU is process time for decode (sharp, at the sixel tile's pixel size) + encode per frame,
the first frame apart like the other rows.
*/

export type SixelBaselineResult = {label: string; firstKB: number; kbPerFrame: number; cpuMs: number};

const COLORS = SIXEL_LEVELS ** 3;
/** The 125 palette colours, by index (red·25 + green·5 + blue levels). */
const PALETTE: Array<[number, number, number]> = Array.from({length: COLORS}, (_, color) => {
	const level = (value: number) => Math.round((value * 255) / (SIXEL_LEVELS - 1));
	return sixelColor(level(Math.floor(color / 25)), level(Math.floor(color / 5) % 5), level(color % 5));
});

function paletteIndices(pixels: Pixels): Uint16Array {
	const count = pixels.width * pixels.height;
	const bytes = new Uint8Array(count);
	indexRow(pixels.data, wordView(pixels.data), 0, count, bytes, 0);
	return Uint16Array.from(bytes);
}

function toRgba(pixels: Pixels): Uint8Array {
	const count = pixels.width * pixels.height;
	const rgba = new Uint8Array(count * 4);
	for (let index = 0, p = 0, q = 0; index < count; index++, p += 3, q += 4) {
		rgba[q] = pixels.data[p]!;
		rgba[q + 1] = pixels.data[p + 1]!;
		rgba[q + 2] = pixels.data[p + 2]!;
		rgba[q + 3] = 255;
	}

	return rgba;
}

type Encode = (pixels: Pixels) => string;

const SLOW_FRAMES = 6;

const encoder = new SixelEncoder();
const BASELINES: Array<{label: string; encode: Encode; frames?: number}> = [
	{label: 'sixel pkg, 125 colours', encode: pixels => sixelEncodeIndexed(paletteIndices(pixels), pixels.width, pixels.height, PALETTE)},
	{label: 'sixel pkg, image2sixel 256', encode: pixels => image2sixel(toRgba(pixels), pixels.width, pixels.height, 256, 1), frames: SLOW_FRAMES},
	{label: 'camtop sixel, whole pictures', encode: pixels => encoder.encode(pixels)},
];

function cpuMs(start: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

/** Every baseline on `clip`, decoded to width × height pixels (the sixel tile's size). */
export async function sixelBaselines(clip: Clip, width: number, height: number): Promise<SixelBaselineResult[]> {
	const results: SixelBaselineResult[] = [];
	for (const {label, encode, frames: limit} of BASELINES) {
		const jpegs = clip.frames.slice(0, limit ?? clip.frames.length);
		let firstKB = 0;
		let bytes = 0;
		let cpu = 0;
		for (const [index, jpeg] of jpegs.entries()) {
			const start = process.cpuUsage();
			const out = encode(await downsample(jpeg, width, height));
			const used = cpuMs(start);
			if (index === 0) {
				firstKB = out.length / 1024;
			} else {
				bytes += out.length;
				cpu += used;
			}
		}

		const frames = jpegs.length - 1;
		results.push({label, firstKB, kbPerFrame: bytes / frames / 1024, cpuMs: cpu / frames});
	}

	return results;
}
