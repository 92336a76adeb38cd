import type {IncomingMessage, ServerResponse} from 'node:http';
import sharp from 'sharp';
import {demoFaults, serveFault, type DemoFaultOptions} from './faults.js';
import {DemoPicture} from './picture.js';
import type {DemoCameraOptions, DemoCounters} from './types.js';

/** Why the fault options are unusable, or undefined. */
export function faultProblem(fault: DemoFaultOptions | undefined): string | undefined {
	if (fault === undefined) {
		return undefined;
	}

	if (!demoFaults.includes(fault.kind)) {
		return `fault.kind must be one of ${demoFaults.join(', ')}`;
	}

	if (fault.retryAfterSeconds !== undefined && !(Number.isInteger(fault.retryAfterSeconds) && fault.retryAfterSeconds >= 0 && fault.retryAfterSeconds <= 86_400)) {
		return 'fault.retryAfterSeconds must be an integer from 0 to 86400';
	}

	return undefined;
}

/** The faulty cameras of one simulator: one picture each (encoded once), counters, timers. */
export class FaultServer {
	private readonly jpegs = new Map<string, Promise<Buffer>>();
	private readonly counts = new Map<string, {connections: number; bytes: number}>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private closed = false;

	constructor(cameras: readonly DemoCameraOptions[]) {
		for (const camera of cameras) {
			if (camera.fault) {
				this.counts.set(camera.name, {connections: 0, bytes: 0});
			}
		}
	}

	serve(camera: DemoCameraOptions, request: IncomingMessage, response: ServerResponse): void {
		const fault = camera.fault!;
		const count = this.counts.get(camera.name)!;
		count.connections++;
		// The fault writes raw bytes; Node's response object must never write its own.
		const {socket} = request;
		response.on('error', () => {
			// The client hung up.
		});
		this.jpeg(camera).then(jpeg => {
			if (this.closed) {
				socket.destroy();
				return;
			}

			serveFault(socket, fault, {
				jpeg,
				fps: camera.fps,
				onBytes(bytes) {
					count.bytes += bytes;
				},
				schedule: (callback, ms) => {
					if (this.closed) {
						return;
					}

					const timer = setTimeout(() => {
						// Forget it once it fired, so the set stays small on an endless stream.
						this.timers.delete(timer);
						callback();
					}, ms);
					this.timers.add(timer);
				},
			});
		}, () => {
			socket.destroy();
		});
	}

	/** `counters` with the fault camera's connections (its frames are not counted). */
	withCounts(name: string, counters: DemoCounters): DemoCounters {
		const count = this.counts.get(name);
		return count ? {...counters, connections: count.connections, bytes: count.bytes} : counters;
	}

	close(): void {
		this.closed = true;
		for (const timer of this.timers) {
			clearTimeout(timer);
		}

		this.timers.clear();
	}

	private async jpeg(camera: DemoCameraOptions): Promise<Buffer> {
		let jpeg = this.jpegs.get(camera.name);
		if (jpeg === undefined) {
			const pixels = new DemoPicture(camera.width, camera.height, camera.name).paint(0, Date.now());
			jpeg = sharp(pixels, {raw: {width: camera.width, height: camera.height, channels: 3}}).jpeg({quality: camera.quality ?? 70}).toBuffer();
			this.jpegs.set(camera.name, jpeg);
		}

		return jpeg;
	}
}
