import type {ServerResponse} from 'node:http';
import {performance} from 'node:perf_hooks';
import sharp from 'sharp';
import {countPart, emptyAnomalyCounters, planPart} from './anomalies.js';
import {framingFor, type Framing} from './framing.js';
import {DemoPicture} from './picture.js';
import type {DemoCameraOptions, DemoCounters} from './types.js';

const defaultQuality = 70;
/** `keepFrames` keeps at most this many JPEGs per camera (the newest), so an endless stream cannot eat memory. */
export const maxKeptFrames = 1000;

type Client = {
	readonly response: ServerResponse;
	sent: number;
	/** The last write returned false and 'drain' has not come yet: skip frames, queue nothing. */
	congested: boolean;
};

/**
One demo camera: paces frames at its fps while anyone watches, paints and encodes each
frame once, and writes the same bytes to every connection.
*/
export class CameraFeed {
	readonly options: DemoCameraOptions;
	private readonly framing: Framing;
	private readonly tail: Buffer;
	private readonly closing: Buffer;
	private readonly picture: DemoPicture;
	private readonly clients = new Set<Client>();
	private readonly totals = {connections: 0, frames: 0, bytes: 0, frameBytes: 0, skipped: 0};
	private readonly anomalies = emptyAnomalyCounters();
	private firstFrameTime: number | undefined;
	private lastFrameTime: number | undefined;
	private readonly kept: Uint8Array[] | undefined;
	private timer: NodeJS.Timeout | undefined;
	/** Schedule origin (performance.now) and the index of the last tick run: tick n is due at start + n/fps. */
	private start = 0;
	private tickIndex = 0;
	private encoding: Promise<void> | undefined;
	private generated = 0;
	private closed = false;

	constructor(options: DemoCameraOptions, keepFrames: boolean) {
		this.options = options;
		this.framing = framingFor(options.quirk ?? 'standard', options.anomalies?.declaredBoundary);
		this.tail = Buffer.from(this.framing.partTail, 'latin1');
		this.closing = Buffer.from(this.framing.closing, 'latin1');
		this.picture = new DemoPicture(options.width, options.height, options.name);
		this.kept = keepFrames ? [] : undefined;
	}

	counters(): DemoCounters {
		return {...this.totals, open: this.clients.size, anomalies: {...this.anomalies}, firstFrameTime: this.firstFrameTime, lastFrameTime: this.lastFrameTime};
	}

	sentFrames(): Uint8Array[] {
		return this.kept ? [...this.kept] : [];
	}

	/** Answer one stream request; frames follow from the next tick. */
	attach(response: ServerResponse): void {
		if (this.closed) {
			response.writeHead(503, {'Content-Type': 'text/plain; charset=utf-8'}).end('closing\n');
			return;
		}

		// Like most cameras: no chunked encoding, the body runs until the connection closes.
		response.removeHeader('Transfer-Encoding');
		response.writeHead(200, {
			'Content-Type': this.framing.contentType,
			'Cache-Control': 'no-cache',
			Pragma: 'no-cache',
			Connection: 'close',
		});
		response.flushHeaders();
		const client: Client = {response, sent: 0, congested: false};
		this.clients.add(client);
		this.totals.connections++;
		response.on('drain', () => {
			client.congested = false;
		});
		response.on('close', () => {
			this.detach(client);
		});
		if (this.timer === undefined) {
			this.start = performance.now();
			this.tickIndex = 0;
			this.tick();
		}
	}

	/** End every open response cleanly and wait for a frame still being encoded. */
	async close(): Promise<void> {
		this.closed = true;
		this.stopTicking();
		for (const client of this.clients) {
			this.finish(client);
		}

		await this.encoding;
	}

	private tick(): void {
		this.timer = undefined;
		if (this.closed || this.clients.size === 0) {
			return;
		}

		// One frame in flight at most: when encoding falls behind the fps, ticks are dropped, not queued.
		this.encoding ??= this.produce().finally(() => {
			this.encoding = undefined;
		});
		const period = 1000 / this.options.fps;
		const now = performance.now();
		// Drift-free: aim at the next multiple of the period from the start, never at now + period;
		// the max() keeps a timer that fired a little early from running the same tick twice.
		this.tickIndex = Math.max(this.tickIndex + 1, Math.floor((now - this.start) / period) + 1);
		this.timer = setTimeout(() => {
			this.tick();
		}, (this.start + (this.tickIndex * period)) - now);
	}

	private async produce(): Promise<void> {
		const timeMs = Date.now();
		const {width, height, quality} = this.options;
		try {
			const pixels = this.picture.paint(this.generated++, timeMs);
			const sequence = this.generated;
			// optimiseCoding off: the second Huffman pass costs ~40% of the encode to save ~20% of
			// the bytes, a bad trade on loopback.
			const jpeg = await sharp(pixels, {raw: {width, height, channels: 3}}).jpeg({quality: quality ?? defaultQuality, optimiseCoding: false}).toBuffer();
			this.broadcast(jpeg, timeMs, sequence);
		} catch (error: unknown) {
			// Cannot happen with valid options; if it does, say so and hang up rather than stall silently.
			for (const client of this.clients) {
				client.response.destroy(error instanceof Error ? error : new Error(String(error)));
			}
		}
	}

	private broadcast(jpeg: Buffer, timeMs: number, sequence: number): void {
		if (this.closed) {
			return;
		}

		// Built once per tick; every connection gets the very same bytes.
		const {lengthInHeader} = this.framing;
		const plan = planPart(jpeg, sequence, this.options.anomalies, lengthInHeader);
		const head = this.framing.partHead(plan.body.length, timeMs, plan.declaredLength ?? 'none');
		const part = Buffer.concat([Buffer.from(head, 'latin1'), plan.body, ...(plan.garbage ? [plan.garbage] : []), this.tail]);
		const limit = this.options.frames;
		let written = false;
		for (const client of this.clients) {
			if (client.response.destroyed) {
				// Hung up; its 'close' event may not have run yet.
				this.detach(client);
				continue;
			}

			if (client.congested) {
				this.totals.skipped++;
				continue;
			}

			written = true;
			this.totals.frames++;
			this.totals.frameBytes += plan.body.length;
			countPart(this.anomalies, plan, jpeg.length, lengthInHeader);
			this.firstFrameTime ??= timeMs;
			this.lastFrameTime = timeMs;
			this.write(client, part);
			client.sent++;
			if (limit !== undefined && client.sent >= limit) {
				this.finish(client);
			}
		}

		if (written && this.kept) {
			this.kept.push(plan.body);
			if (this.kept.length > maxKeptFrames) {
				this.kept.shift();
			}
		}
	}

	private write(client: Client, chunk: Buffer): void {
		this.totals.bytes += chunk.length;
		if (!client.response.write(chunk)) {
			client.congested = true;
		}
	}

	/** Close delimiter, then end the response; the socket closes once it is flushed. */
	private finish(client: Client): void {
		this.totals.bytes += this.closing.length;
		client.response.end(this.closing);
		this.detach(client);
	}

	private detach(client: Client): void {
		this.clients.delete(client);
		if (this.clients.size === 0) {
			this.stopTicking();
		}
	}

	private stopTicking(): void {
		clearTimeout(this.timer);
		this.timer = undefined;
	}
}
