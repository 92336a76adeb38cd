import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {bottomColor, isBlockCell, topColor} from '../source/render/block-cells.js';
import {Compositor} from '../source/render/compositor.js';
import {downsample} from '../source/render/downsample.js';
import {DEFAULT_CELL_SIZE} from '../source/render/image-pixels.js';
import {TileRenderer, type RenderMode} from '../source/render/render-mode.js';
import {makeClip, type Clip, type ClipName} from './render-clips.js';
import {sixelBaselines} from './render-sixel.js';

/*
Every render mode on the same clips at 160×48 cells (one tile of 160×47 and a status
line), side by side in one run with a full-redraw baseline (every cell of every frame,
exact colours: what tools that redraw send), an exact-diff baseline (only cells whose
colours changed at all: timg's approach), the `sixel` package's encoders
(bench/render-sixel.ts), and timg / mpv when installed. Bytes are what
would reach the terminal; CPU is process time (user + system, libvips' threads included)
for decode + downsample + encode + compositing, per frame, in steady state (the first
frame, a full paint, is reported apart).
*/

const COLUMNS = 160;
const ROWS = 48;
const TILE = {x: 0, y: 0, width: COLUMNS, height: ROWS - 1};
const STATUS = ' camtop  bench │ 1 camera │ truecolor │ 15 fps │ ? help  q quit';

type Variant = {label: string; mode: RenderMode; tolerance?: number; fullRedraw?: boolean};
type Result = {label: string; firstKB: number; kbPerFrame: number; cpuMs: number; maxError?: number};

const VARIANTS: Variant[] = [
	{label: 'full redraw (baseline)', mode: 'truecolor', tolerance: 0, fullRedraw: true},
	{label: 'exact diff (timg-like)', mode: 'truecolor', tolerance: 0},
	{label: 'camtop truecolor', mode: 'truecolor'},
	{label: 'camtop 256', mode: '256'},
	{label: 'camtop 16', mode: '16'},
	{label: 'camtop ascii', mode: 'ascii'},
	{label: 'camtop sixel', mode: 'sixel'},
	{label: 'camtop kitty', mode: 'kitty'},
	{label: 'camtop iterm2', mode: 'iterm2'},
];

function cpuMs(start: NodeJS.CpuUsage): number {
	const used = process.cpuUsage(start);
	return (used.user + used.system) / 1000;
}

/** Largest channel difference between the shown truecolor cells and the source pixels. */
function pictureError(compositor: Compositor, pixels: {data: Uint8Array; width: number; height: number}): number {
	const screen = compositor.screen;
	let most = 0;
	for (let y = 0; y < TILE.height; y++) {
		for (let x = 0; x < TILE.width; x++) {
			const index = (y * screen.width) + x;
			if (!isBlockCell(screen, index)) {
				return Number.POSITIVE_INFINITY;
			}

			for (const [row, color] of [[2 * y, topColor(screen, index)], [(2 * y) + 1, bottomColor(screen, index)]] as const) {
				const p = ((row * pixels.width) + x) * 3;
				for (const [shift, offset] of [[16, 0], [8, 1], [0, 2]] as const) {
					most = Math.max(most, Math.abs(((color >> shift) & 255) - pixels.data[p + offset]!));
				}
			}
		}
	}

	return most;
}

async function runVariant(clip: Clip, variant: Variant): Promise<Result> {
	let written = 0;
	const compositor = new Compositor({write: data => {
		written += Buffer.byteLength(data);
		return true;
	}, once: () => undefined}, COLUMNS, ROWS, variant.tolerance === undefined ? {} : {tolerance: variant.tolerance});
	compositor.setChrome('\n'.repeat(ROWS - 1) + STATUS);
	const renderer = new TileRenderer(variant.mode, DEFAULT_CELL_SIZE);
	const size = renderer.pixelSize(TILE);
	let firstKB = 0;
	let steadyBytes = 0;
	let steadyCpu = 0;
	let maxError: number | undefined;
	for (const [index, jpeg] of clip.frames.entries()) {
		const before = written;
		const start = process.cpuUsage();
		const pixels = await downsample(jpeg, size.width, size.height);
		await renderer.show(compositor, 'cam', TILE, pixels);
		if (variant.fullRedraw) {
			compositor.invalidate();
		}

		compositor.flush();
		const cpu = cpuMs(start);
		if (index === 0) {
			firstKB = (written - before) / 1024;
		} else {
			steadyBytes += written - before;
			steadyCpu += cpu;
		}

		if (variant.mode === 'truecolor' && !variant.fullRedraw) {
			maxError = Math.max(maxError ?? 0, pictureError(compositor, pixels));
		}
	}

	const frames = clip.frames.length - 1;
	return {label: variant.label, firstKB, kbPerFrame: steadyBytes / frames / 1024, cpuMs: steadyCpu / frames, maxError};
}

/** User + system CPU of waited-for children so far, in ms (/proc/self/stat fields 16 and 17). */
function childrenCpuMs(): number {
	const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
	return (Number(fields[13]) + Number(fields[14])) * 10;
}

function hasTool(tool: string): boolean {
	return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

function runTool(label: string, command: string, args: string[], frames: number): Result | undefined {
	const before = childrenCpuMs();
	const result = spawnSync(command, args, {maxBuffer: 1024 * 1024 * 1024, timeout: 120_000, env: {...process.env, TERM: 'xterm-256color', COLORTERM: 'truecolor'}});
	if (result.status !== 0 || result.stdout.length === 0) {
		return undefined;
	}

	return {label, firstKB: Number.NaN, kbPerFrame: result.stdout.length / frames / 1024, cpuMs: (childrenCpuMs() - before) / frames};
}

async function externalTools(clip: Clip): Promise<Result[]> {
	const directory = await mkdtemp(path.join(tmpdir(), 'camtop-bench-'));
	try {
		const file = path.join(directory, `${clip.name}.mjpeg`);
		await writeFile(file, Buffer.concat(clip.frames));
		const frames = clip.frames.length;
		const results: Array<Result | undefined> = [];
		if (hasTool('timg')) {
			results.push(runTool('timg -ph (Debian 1.4.5)', 'timg', ['-V', `-g${COLUMNS}x${ROWS - 1}`, '-ph', `--frames=${frames}`, file], frames));
		}

		if (hasTool('mpv')) {
			const common = ['--no-config', '--untimed', '--no-audio', '--really-quiet', '--demuxer=lavf', '--demuxer-lavf-format=mjpeg'];
			results.push(
				runTool('mpv --vo=tct', 'mpv', [...common, '--vo=tct', '--vo-tct-algo=half-blocks', `--vo-tct-width=${COLUMNS}`, `--vo-tct-height=${ROWS - 1}`, file], frames),
				runTool('mpv --vo=sixel', 'mpv', [...common, '--vo=sixel', `--vo-sixel-width=${COLUMNS * DEFAULT_CELL_SIZE.width}`, `--vo-sixel-height=${(ROWS - 1) * DEFAULT_CELL_SIZE.height}`, file], frames),
			);
		}

		return results.filter(result => result !== undefined);
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

function print(clip: Clip, results: Result[]): void {
	const baseline = results[0]!;
	console.log(`render: clip "${clip.name}" (${clip.description}), ${clip.frames.length} frames 1280x720, ${COLUMNS}x${ROWS} cells`);
	console.log('  variant                        first KB   KB/frame   CPU ms/frame   bytes vs full redraw   max colour error');
	for (const result of results) {
		const ratio = baseline.kbPerFrame / Math.max(result.kbPerFrame, 1e-9);
		console.log(`  ${result.label.padEnd(30)} ${Number.isNaN(result.firstKB) ? '       —' : result.firstKB.toFixed(1).padStart(8)}   ${result.kbPerFrame.toFixed(1).padStart(8)}   ${result.cpuMs.toFixed(2).padStart(12)}   ${`${ratio >= 100 ? ratio.toFixed(0) : ratio.toFixed(1)}x fewer`.padStart(20)}   ${result.maxError === undefined ? '' : String(result.maxError)}`);
	}
}

export async function runRenderBench(quick: boolean): Promise<void> {
	const frames = quick ? 12 : 45;
	const names: ClipName[] = ['noisy', 'clean', 'motion'];
	// Warm-up: the first sharp calls and the look-up tables cost more than a frame.
	const warm = await makeClip('clean', 3);
	for (const variant of VARIANTS) {
		await runVariant(warm, variant);
	}

	for (const name of names) {
		const clip = await makeClip(name, frames);
		const results: Result[] = [];
		for (const variant of VARIANTS) {
			results.push(await runVariant(clip, variant));
		}

		const sixelSize = new TileRenderer('sixel', DEFAULT_CELL_SIZE).pixelSize(TILE);
		results.push(...await sixelBaselines(clip, sixelSize.width, sixelSize.height));

		results.push(...await externalTools(clip));
		print(clip, results);
	}
}
