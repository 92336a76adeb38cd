import {performance} from 'node:perf_hooks';
import process from 'node:process';
import sharp from 'sharp';
import {downsample} from '../source/render/downsample.js';
import {computeLayout} from '../source/ui/layout.js';
import {makeFeedFrames} from './scale-feed.js';

/*
Decode + downsample per frame: the scale bench's 1280×720 frames (bench/scale-feed.ts,
~95 KB each) brought to a tile's pixel size the way camtop does it (source/render/downsample.ts:
libjpeg-turbo's scaled decode, shrink-on-load, then resize), against a full-size decode
followed by the same resize, one frame at a time. CPU is the
process's (libvips threads included) per frame.
*/

type Variant = {label: string; run: (jpeg: Uint8Array, width: number, height: number) => Promise<unknown>};

const variants: Variant[] = [
	{label: 'camtop (shrink-on-load)', run: downsample},
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

async function measure(variant: Variant, frames: readonly Uint8Array[], size: {width: number; height: number}, rounds: number): Promise<{cpuMs: number; wallMs: number}> {
	const cpu = process.cpuUsage();
	const start = performance.now();
	for (let round = 0; round < rounds; round++) {
		for (const jpeg of frames) {
			// One at a time: the cost of one frame, not of a pool kept busy.
			await variant.run(jpeg, size.width, size.height);
		}
	}

	const count = rounds * frames.length;
	const used = process.cpuUsage(cpu);
	return {cpuMs: (used.user + used.system) / 1000 / count, wallMs: (performance.now() - start) / count};
}

export async function runDecodeBench(quick: boolean): Promise<void> {
	const {jpegs} = await makeFeedFrames({count: quick ? 8 : 30});
	const kb = jpegs.reduce((sum, jpeg) => sum + jpeg.length, 0) / jpegs.length / 1000;
	const rounds = quick ? 2 : 4;
	console.log(`decode: ${jpegs.length} distinct 1280x720 JPEGs (${kb.toFixed(0)} KB average), ${rounds} rounds, one frame at a time`);
	console.log('tile (cameras at 160x48) | pixels | variant | CPU ms/frame | wall ms/frame | CPU vs baseline');
	for (const cameras of [16, 1]) {
		const size = tilePixels(cameras);
		// Warm up sharp and the JIT on this size.
		await measure(variants[0]!, jpegs.slice(0, 2), size, 1);
		const results = [];
		for (const variant of variants) {
			results.push(await measure(variant, jpegs, size, rounds));
		}

		const baseline = results.at(-1)!;
		for (const [index, result] of results.entries()) {
			console.log(`${cameras} | ${size.width}x${size.height} | ${variants[index]!.label} | ${result.cpuMs.toFixed(2)} | ${result.wallMs.toFixed(2)} | ${result === baseline ? '1x' : `${(baseline.cpuMs / result.cpuMs).toFixed(1)}x less`}`);
		}
	}
}
