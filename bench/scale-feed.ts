import {readFile, rename, writeFile} from 'node:fs/promises';
import {createServer, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import sharp from 'sharp';

/*
A cheap camera feed for the scale bench. The demo simulator draws and encodes every frame
it sends; 16 cameras of 720p at 15 fps is 240 JPEG encodes a second, more than this 2-core
machine has beside camtop. Here a loop of distinct 1280×720 JPEGs (a scene with moving
objects and sensor noise, so camtop's decode cost is that of a real busy camera) is
encoded once, and each camera replays it at its fps as multipart/x-mixed-replace, every
part with a Content-Length (one write of a prepared buffer per frame). Cameras start the
loop at different frames, so neighbouring tiles do not show the same picture.
*/

export const FEED_BOUNDARY = 'camtopfeed';

export type FeedFrames = {
	readonly width: number;
	readonly height: number;
	readonly jpegs: readonly Uint8Array[];
};

/** Deterministic pseudo-random numbers (xorshift32), so every run encodes the same loop. */
function randomFrom(seed: number): () => number {
	let state = seed >>> 0 || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 4_294_967_296;
	};
}

/** One frame: a vertical gradient, three blocks moving at different speeds, noise of ±noise per channel. */
function drawFrame(width: number, height: number, frame: number, next: () => number, noise: number): Uint8Array {
	const pixels = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		const shade = Math.floor((y / height) * 120);
		for (let x = 0; x < width; x++) {
			const p = ((y * width) + x) * 3;
			pixels[p] = 40 + shade;
			pixels[p + 1] = 80 + ((x * 60) / width);
			pixels[p + 2] = 180 - shade;
		}
	}

	const blocks: Array<[number, number, number, [number, number, number]]> = [
		// Speed in px per frame, row (share of the height), size (share of the height), colour.
		[17, 0.2, 0.2, [230, 200, 60]],
		[-29, 0.5, 0.15, [200, 40, 40]],
		[41, 0.75, 0.1, [240, 240, 240]],
	];
	for (const [speed, row, size, colour] of blocks) {
		const side = Math.max(1, Math.floor(height * size));
		const span = width + side;
		const x0 = ((((frame * speed) % span) + span) % span) - side;
		const y0 = Math.floor(height * row);
		for (let y = y0; y < Math.min(height, y0 + side); y++) {
			for (let x = Math.max(0, x0); x < Math.min(width, x0 + side); x++) {
				pixels.set(colour, ((y * width) + x) * 3);
			}
		}
	}

	if (noise > 0) {
		for (let index = 0; index < pixels.length; index++) {
			const value = pixels[index]! + Math.floor(next() * ((2 * noise) + 1)) - noise;
			pixels[index] = value < 0 ? 0 : (value > 255 ? 255 : value);
		}
	}

	return pixels;
}

export type FeedFramesOptions = {
	readonly width?: number;
	readonly height?: number;
	readonly count?: number;
	readonly quality?: number;
	/** Sensor noise amplitude per channel (0: none). */
	readonly noise?: number;
};

/** Encode the loop once (sharp, baseline JPEG). */
export async function makeFeedFrames(options: FeedFramesOptions = {}): Promise<FeedFrames> {
	const width = options.width ?? 1280;
	const height = options.height ?? 720;
	const count = options.count ?? 30;
	const next = randomFrom(12_345);
	const jpegs: Uint8Array[] = [];
	for (let frame = 0; frame < count; frame++) {
		const pixels = drawFrame(width, height, frame, next, options.noise ?? 12);
		// One at a time keeps memory at one raw frame.
		jpegs.push(await sharp(pixels, {raw: {width, height, channels: 3}}).jpeg({quality: options.quality ?? 80}).toBuffer());
	}

	return {width, height, jpegs};
}

/** Bump when drawFrame or the encoding changes, so an old cache file is not used. */
const FEED_VERSION = 1;

/**
makeFeedFrames with the default options, kept in a file in the temporary directory after the
first run (encoding 30 frames of 720p takes a second or two of the bench's time).
*/
export async function cachedFeedFrames(width: number, height: number): Promise<FeedFrames> {
	const file = path.join(tmpdir(), `camtop-bench-feed-v${FEED_VERSION}-${width}x${height}.bin`);
	try {
		// Layout: count, then per frame its length and its bytes (32-bit little-endian numbers).
		const data = await readFile(file);
		const jpegs: Uint8Array[] = [];
		let offset = 4;
		for (let index = 0; index < data.readUInt32LE(0); index++) {
			const length = data.readUInt32LE(offset);
			jpegs.push(data.subarray(offset + 4, offset + 4 + length));
			offset += 4 + length;
		}

		if (jpegs.length > 0 && offset === data.length) {
			return {width, height, jpegs};
		}
	} catch {
		// No cache yet (or unreadable): encode below.
	}

	const frames = await makeFeedFrames({width, height});
	const parts = [Buffer.alloc(4)];
	parts[0]!.writeUInt32LE(frames.jpegs.length);
	for (const jpeg of frames.jpegs) {
		const length = Buffer.alloc(4);
		length.writeUInt32LE(jpeg.length);
		parts.push(length, Buffer.from(jpeg));
	}

	// Written aside and renamed: two bench runs at once never read half a file.
	const temporary = `${file}.${process.pid}`;
	await writeFile(temporary, Buffer.concat(parts));
	await rename(temporary, file);
	return frames;
}

/** One multipart part: delimiter line, headers, blank line, the JPEG, the line break before the next delimiter. */
export function feedPart(jpeg: Uint8Array): Buffer {
	const head = Buffer.from(`--${FEED_BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`, 'latin1');
	return Buffer.concat([head, jpeg, Buffer.from('\r\n', 'latin1')]);
}

/** Frames sent and skipped, and streams (connections) served, per camera. */
export type FeedCounters = {frames: number; skipped: number; streams: number};

export type FeedServer = {
	readonly urls: readonly string[];
	counters(camera: number): FeedCounters;
	close(): Promise<void>;
};

export type FeedServerOptions = {
	readonly cameras: number;
	readonly fps: number;
	readonly frames: FeedFrames;
};

/**
Serve `cameras` streams of the loop on 127.0.0.1 (`/cam<i>.mjpeg`). A camera sends a
frame every 1/fps s on a schedule that does not drift; like a real camera it skips a frame
(counted) while its client has not taken the previous one.
*/
export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
	const parts = options.frames.jpegs.map(jpeg => feedPart(jpeg));
	const counters: FeedCounters[] = Array.from({length: options.cameras}, () => ({frames: 0, skipped: 0, streams: 0}));
	const periodMs = 1000 / options.fps;
	const streams = new Set<() => void>();

	const serve = (camera: number, response: ServerResponse) => {
		response.writeHead(200, {'Content-Type': `multipart/x-mixed-replace; boundary=${FEED_BOUNDARY}`, 'Cache-Control': 'no-cache'});
		const counter = counters[camera]!;
		counter.streams++;
		const startedAt = performance.now();
		let sent = 0;
		let timer: NodeJS.Timeout | undefined;
		let waiting = false;
		const stop = () => {
			clearTimeout(timer);
			streams.delete(stop);
			response.end();
		};

		const tick = () => {
			if (response.destroyed) {
				stop();
				return;
			}

			if (waiting) {
				counter.skipped++;
			} else {
				// Camera i starts i * 7 frames into the loop.
				const part = parts[(sent + (camera * 7)) % parts.length]!;
				counter.frames++;
				waiting = !response.write(part);
			}

			sent++;
			timer = setTimeout(tick, Math.max(0, startedAt + (sent * periodMs) - performance.now()));
		};

		response.on('drain', () => {
			waiting = false;
		});
		response.on('close', stop);
		streams.add(stop);
		tick();
	};

	const server = createServer((request, response) => {
		const match = /^\/cam(\d+)\.mjpeg$/.exec(request.url ?? '');
		const camera = match ? Number(match[1]) : -1;
		if (request.method !== 'GET' || camera < 0 || camera >= options.cameras) {
			response.writeHead(404).end();
			return;
		}

		serve(camera, response);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	return {
		urls: counters.map((_, index) => `http://127.0.0.1:${port}/cam${index}.mjpeg`),
		counters: camera => ({...counters[camera]!}),
		async close() {
			for (const stop of [...streams]) {
				stop();
			}

			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
				server.closeAllConnections();
			});
		},
	};
}
