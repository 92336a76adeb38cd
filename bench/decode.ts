import {loadavg} from 'node:os';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import v8 from 'node:v8';
import {runInNewContext} from 'node:vm';
import sharp from 'sharp';
import {downsample, downsampleWithSharp} from '../source/render/downsample.js';
import {computeLayout} from '../source/ui/layout.js';
import {makeFeedFrames} from './scale-feed.js';

/*
Decode + downsample per frame: the scale bench's 1280×720 frames (bench/scale-feed.ts,
~95 KB each) brought to a tile's pixel size the way camtop does it (source/render/downsample.ts:
the DC decoder for tiles up to 1/8 of the frame), against sharp's path (libjpeg-turbo's scaled
decode, shrink-on-load, then resize: camtop's decode before session 3) and a full-size decode
followed by the same resize, one frame at a time. The variants alternate round by round, so a
change in the machine's load hits them alike. CPU is the process's (libvips threads included)
per frame.
*/

type Variant = {label: string; run: (jpeg: Uint8Array, width: number, height: number) => Promise<unknown>};

const variants: Variant[] = [
	{label: 'camtop (DC decoder)', run: downsample},
	{label: 'sharp path (shrink-on-load)', run: downsampleWithSharp},
	{
		// Two pipelines, so libjpeg decodes every pixel (even `fastShrinkOnLoad: false` still shrinks on load).
		label: 'full-size decode, then resize (baseline)',
		async run(jpeg, width, height) {
			const full = await sharp(jpeg, {failOn: 'truncated'}).raw().toBuffer({resolveWithObject: true});
			return sharp(full.data, {raw: {width: full.info.width, height: full.info.height, channels: full.info.channels}}).resize(width, height, {fit: 'fill'}).raw().toBuffer();
		},
	},
];

/** A tile's picture size in pixels at 160×48 cells (half-blocks: two pixel rows a cell). */
function tilePixels(cameras: number): {width: number; height: number} {
	const layout = computeLayout({columns: 160, rows: 48, cameraCount: cameras, view: 'grid', selected: 0, helpOpen: false});
	const video = layout.tiles[0]!.video;
	return {width: video.width, height: video.height * 2};
}

/**
A full collection between measurements (not timed): otherwise a variant pays for the garbage
of the one before it (the full-size decode leaves ~2.7 MB a frame), collected by V8's threads
while the next one runs. `--expose-gc` set at run time puts `gc` on new contexts' globals.
*/
function settle(): void {
	v8.setFlagsFromString('--expose-gc');
	const gc: unknown = runInNewContext('typeof gc === "function" ? gc : undefined');
	if (typeof gc === 'function') {
		(gc as () => void)();
	}
}

async function measure(variant: Variant, frames: readonly Uint8Array[], size: {width: number; height: number}): Promise<{cpuMs: number; wallMs: number}> {
	settle();
	const cpu = process.cpuUsage();
	const start = performance.now();
	for (const jpeg of frames) {
		// One at a time: the cost of one frame, not of a pool kept busy.
		await variant.run(jpeg, size.width, size.height);
	}

	const used = process.cpuUsage(cpu);
	return {cpuMs: (used.user + used.system) / 1000 / frames.length, wallMs: (performance.now() - start) / frames.length};
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export async function runDecodeBench(quick: boolean): Promise<void> {
	const {jpegs} = await makeFeedFrames({count: quick ? 8 : 30});
	const kb = jpegs.reduce((sum, jpeg) => sum + jpeg.length, 0) / jpegs.length / 1000;
	const rounds = quick ? 2 : 6;
	console.log(`decode: ${jpegs.length} distinct 1280x720 JPEGs (${kb.toFixed(0)} KB average), ${rounds} rounds alternating the variants, one frame at a time; load average ${loadavg().map(load => load.toFixed(2)).join(' ')}`);
	console.log('tile (cameras at 160x48) | pixels | variant | CPU ms/frame (median of rounds) | rounds | wall ms/frame | CPU vs sharp path');
	for (const cameras of [16, 1]) {
		const size = tilePixels(cameras);
		// Warm up sharp, the DC decoder and the JIT on this size.
		for (const variant of variants) {
			await measure(variant, jpegs.slice(0, 4), size);
		}

		const cpu: number[][] = variants.map(() => []);
		const wall: number[][] = variants.map(() => []);
		for (let round = 0; round < rounds; round++) {
			for (const [index, variant] of variants.entries()) {
				const result = await measure(variant, jpegs, size);
				cpu[index]!.push(result.cpuMs);
				wall[index]!.push(result.wallMs);
			}
		}

		const sharpPath = median(cpu[1]!);
		for (const [index, variant] of variants.entries()) {
			const cpuMs = median(cpu[index]!);
			console.log(`${cameras} | ${size.width}x${size.height} | ${variant.label} | ${cpuMs.toFixed(2)} | ${cpu[index]!.map(value => value.toFixed(2)).join(' ')} | ${median(wall[index]!).toFixed(2)} | ${(cpuMs / sharpPath).toFixed(2)}x`);
		}
	}

	console.log(`load average at the end ${loadavg().map(load => load.toFixed(2)).join(' ')}`);
}
