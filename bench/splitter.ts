import {Buffer} from 'node:buffer';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import sharp from 'sharp';
import {FrameSplitter} from '../source/ingest/frame-splitter.js';

/*
A recorded 720p MJPEG stream: 30 distinct 1280×720 JPEGs (noise, ~160 KB each, like a busy
scene) as a multipart/x-mixed-replace body with Content-Length, fed over and over in 64 KiB
and 1 KiB reads. Beside it, in the same run, the seeds' splitter: append each read to a
growing buffer, search FF D8 and FF D9 from its start, slice the remainder.

Each frame spanning reads is copied once into fresh memory, and on this VM the kernel's
zeroing of fresh pages is most of the cost (see the faults/MB column). The last row runs
the same 64 KiB case in a child process whose glibc keeps freed memory for reuse
(GLIBC_TUNABLES), to show the splitter's own speed apart from that.
*/

const DISTINCT_FRAMES = 30;
const BOUNDARY = 'camtopbench';
const CONTENT_TYPE = `multipart/x-mixed-replace; boundary=${BOUNDARY}`;
const SOI = Buffer.from([0xFF, 0xD8]);
const EOI = Buffer.from([0xFF, 0xD9]);
const ROUND_BYTES = 100e6;
const TUNED_CHILD = '--tuned-child';
/** Never hand freed memory back to the kernel, so it is reused without page faults. */
const TUNABLES = 'glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=4294967296';

type Measurement = {bytes: number; frames: number; seconds: number; faults: number; slowest?: number; fastest?: number};
type Case = {label: string; chunks: Buffer[]; contentType: string | undefined; repeats: number};

async function makeFrames(): Promise<Buffer[]> {
	return Promise.all(Array.from({length: DISTINCT_FRAMES}, async (_, index) => {
		// Noise at 320×180 scaled up: detail that compresses to ~160 KB at quality 60.
		const noise = await sharp({
			create: {width: 320, height: 180, channels: 3, background: {r: (index * 37) % 256, g: 120, b: 180}, noise: {type: 'gaussian', mean: 128, sigma: 40}},
		}).raw().toBuffer();
		return sharp(noise, {raw: {width: 320, height: 180, channels: 3}}).resize(1280, 720).jpeg({quality: 60}).toBuffer();
	}));
}

function multipartBody(frames: readonly Buffer[], withLength: boolean): Buffer {
	return Buffer.concat(frames.flatMap((frame, index) => [
		Buffer.from(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\n${withLength ? `Content-Length: ${frame.length}\r\n` : ''}X-Timestamp: ${index / 15}\r\n\r\n`, 'latin1'),
		frame,
		Buffer.from('\r\n', 'latin1'),
	]));
}

/** The reads a socket would deliver, cut once so the measurement is the splitter's work alone. */
function reads(body: Buffer, size: number): Buffer[] {
	const chunks: Buffer[] = [];
	for (let offset = 0; offset < body.length; offset += size) {
		chunks.push(body.subarray(offset, offset + size));
	}

	return chunks;
}

function measure(run: () => {bytes: number; frames: number}): Measurement {
	const faultsBefore = process.resourceUsage().minorPageFault;
	const start = performance.now();
	const {bytes, frames} = run();
	const seconds = (performance.now() - start) / 1000;
	return {bytes, frames, seconds, faults: process.resourceUsage().minorPageFault - faultsBefore};
}

/** Feed the reads `repeats` times through one splitter; frames are counted and dropped, as a camera drops all but the newest. */
function runSplitter({chunks, repeats, contentType}: Case): Measurement {
	return measure(() => {
		const splitter = new FrameSplitter({contentType});
		let frames = 0;
		for (let round = 0; round < repeats; round++) {
			for (const chunk of chunks) {
				frames += splitter.push(chunk).length;
			}
		}

		frames += splitter.end().length;
		if (frames === 0 || splitter.stats.skippedBytes > 0) {
			throw new Error(`the splitter lost framing: ${JSON.stringify(splitter.stats)}`);
		}

		return {bytes: splitter.stats.bytes, frames};
	});
}

/** What the seeds do (bytes += read; find FF D8 and FF D9; slice), one frame per read at most. */
function runNaive(chunks: readonly Buffer[]): Measurement {
	return measure(() => {
		let buffer = Buffer.alloc(0);
		let frames = 0;
		let bytes = 0;
		for (const chunk of chunks) {
			bytes += chunk.length;
			buffer = Buffer.concat([buffer, chunk]);
			const a = buffer.indexOf(SOI);
			const b = buffer.indexOf(EOI);
			if (a !== -1 && b !== -1) {
				// `jpg = bytes[a:b+2]` copies in Python; so does this.
				const jpg = Buffer.from(buffer.subarray(a, b + 2));
				frames += jpg.length > 0 ? 1 : 0;
				buffer = buffer.subarray(b + 2);
			}
		}

		return {bytes, frames};
	});
}

/** The median round by throughput, with the slowest and fastest rounds' MB/s: this machine is shared, and fresh-page faults come and go. */
function median(rounds: number, run: () => Measurement): Measurement {
	const results = Array.from({length: rounds}, run).sort((a, b) => (a.bytes / a.seconds) - (b.bytes / b.seconds));
	return {...results[Math.floor(results.length / 2)]!, slowest: megabytesPerSecond(results[0]!), fastest: megabytesPerSecond(results.at(-1)!)};
}

const megabytesPerSecond = (measurement: Measurement): number => measurement.bytes / measurement.seconds / 1e6;

function report(label: string, measurement: Measurement, baseline?: Measurement): string {
	const rate = megabytesPerSecond(measurement);
	const columns = [
		label.padEnd(46),
		`${rate.toFixed(0).padStart(6)} MB/s`,
		measurement.slowest === undefined ? '' : `(${measurement.slowest.toFixed(0)}–${measurement.fastest!.toFixed(0)})`.padEnd(12),
		`${(measurement.frames / measurement.seconds).toFixed(0).padStart(6)} frames/s`,
		`${(measurement.faults / (measurement.bytes / 1e6)).toFixed(0).padStart(4)} faults/MB`,
		`${(measurement.bytes / 1e6).toFixed(0).padStart(4)} MB in ${measurement.seconds.toFixed(2)} s`,
	];
	if (baseline) {
		columns.push(`${(rate / megabytesPerSecond(baseline)).toFixed(1)}x the seeds' splitter`);
	}

	return `  ${columns.join('  ')}`;
}

function cases(body: Buffer, withoutLength: Buffer, raw: Buffer): Case[] {
	const repeats = Math.max(1, Math.round(ROUND_BYTES / body.length));
	return [
		{label: 'multipart + Content-Length, 64 KiB reads', chunks: reads(body, 64 * 1024), contentType: CONTENT_TYPE, repeats},
		{label: 'multipart + Content-Length, 1 KiB reads', chunks: reads(body, 1024), contentType: CONTENT_TYPE, repeats},
		{label: 'multipart, no Content-Length, 64 KiB reads', chunks: reads(withoutLength, 64 * 1024), contentType: CONTENT_TYPE, repeats},
		{label: 'multipart, no Content-Length, 1 KiB reads', chunks: reads(withoutLength, 1024), contentType: CONTENT_TYPE, repeats},
		{label: 'raw JPEG (segment walk), 64 KiB reads', chunks: reads(raw, 64 * 1024), contentType: undefined, repeats},
	];
}

/** The first case again in a child whose allocator keeps freed memory; its median round, or undefined. */
function runTunedChild(body: Buffer, rounds: number): Measurement | undefined {
	const directory = mkdtempSync(path.join(tmpdir(), 'camtop-bench-'));
	try {
		const file = path.join(directory, 'body.bin');
		writeFileSync(file, body);
		const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), TUNED_CHILD, file, String(rounds)], {
			env: {...process.env, GLIBC_TUNABLES: TUNABLES},
			encoding: 'utf8',
			timeout: 120_000,
		});
		const line = child.stdout.trim().split('\n').pop();
		return child.status === 0 && line ? JSON.parse(line) as Measurement : undefined;
	} finally {
		rmSync(directory, {recursive: true, force: true});
	}
}

export async function runSplitterBench(quick: boolean): Promise<void> {
	const frames = await makeFrames();
	const body = multipartBody(frames, true);
	const raw = Buffer.concat(frames);
	const all = cases(body, multipartBody(frames, false), raw);
	const rounds = quick ? 3 : 7;
	console.log(`splitter: ${frames.length} distinct 1280x720 JPEGs, ${(raw.length / frames.length / 1024).toFixed(0)} KiB average; `
		+ `median (slowest–fastest) of ${rounds} rounds of ${((all[0]!.repeats * body.length) / 1e6).toFixed(0)} MB per case`);

	// Warm-up, so every case runs optimized code.
	for (const entry of all) {
		runSplitter({...entry, repeats: 1});
	}

	// The seeds' splitter copies its whole buffer on every read: one body a round is plenty.
	const baselines = [all[0]!, all[1]!].map(({chunks}) => median(rounds, () => runNaive(chunks)));
	for (const [index, entry] of all.entries()) {
		console.log(report(entry.label, median(rounds, () => runSplitter(entry)), baselines[index]));
	}

	console.log(report('seeds\' splitter (concat, FF D8/FF D9), 64 KiB', baselines[0]!));
	console.log(report('seeds\' splitter (concat, FF D8/FF D9), 1 KiB', baselines[1]!));
	const tuned = runTunedChild(body, rounds);
	console.log(tuned
		? report('64 KiB reads, allocator reusing freed memory', tuned, baselines[0])
		: '  64 KiB reads, allocator reusing freed memory: the child run failed');
}

// The child of runTunedChild(): measure, print one JSON line.
if (process.argv[2] === TUNED_CHILD && process.argv[1] === fileURLToPath(import.meta.url)) {
	const body = readFileSync(process.argv[3]!);
	const [first] = cases(body, body, body);
	runSplitter({...first!, repeats: 1});
	console.log(JSON.stringify(median(Number(process.argv[4]), () => runSplitter(first!))));
}
