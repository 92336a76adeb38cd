/* Shared by the supervisor tests: a raw TCP server, a camera answer that dies after one frame, and the backoff schedule checks. */
import assert from 'node:assert/strict';
import net from 'node:net';
import type {Camera} from '../../source/camera/camera.js';
import type {CameraSnapshot} from '../../source/camera/types.js';
import {jpegFixtures} from '../fixtures/jpegs.js';

export const jpeg = (await jpegFixtures()).small[0]!;
export const boundary = 'dies';
/** A 200 multipart answer with one whole frame, then the next delimiter. */
export const onePart = Buffer.concat([
	Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=${boundary}\r\nConnection: close\r\n\r\n--${boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`, 'latin1'),
	jpeg,
	Buffer.from(`\r\n--${boundary}\r\n`, 'latin1'),
]);

/** A raw TCP server on 127.0.0.1 (`port`, default any free one); `serve` gets each connection. Counts connections. */
export async function rawServer(serve: (socket: net.Socket) => void, port = 0): Promise<{port: number; connections: () => number; close: () => Promise<void>}> {
	let count = 0;
	const sockets = new Set<net.Socket>();
	const server = net.createServer(socket => {
		count++;
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
		socket.on('error', () => undefined);
		serve(socket);
	});
	await new Promise<void>(resolve => {
		server.listen(port, '127.0.0.1', resolve);
	});
	return {
		port: (server.address() as net.AddressInfo).port,
		connections: () => count,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				server.close(resolve);
			});
		},
	};
}

/** Each delay is the scheduled one (the due time and the state's clock come from one clock reading). */
export function assertSchedule(delays: readonly number[], expected: readonly number[]): void {
	assert.deepEqual(delays, expected);
}

/** The delay the camera chose after each failure: retryAt minus the time it entered the waiting state. */
export function recordDelays(camera: Camera): {delays: number[]; states: Set<string>} {
	const delays: number[] = [];
	const states = new Set<string>();
	let last: CameraSnapshot | undefined;
	camera.subscribe(() => {
		const snapshot = camera.snapshot();
		states.add(snapshot.state);
		if (snapshot.retryAt !== undefined && snapshot.state !== 'live' && snapshot.state !== 'connecting' && snapshot.retryAt !== last?.retryAt) {
			delays.push(snapshot.retryAt - snapshot.since);
		}

		last = snapshot;
	});
	return {delays, states};
}

export const schedule = [100, 200, 400, 800, 1600];
export const options = {backoffMs: schedule, random: () => 0.5, timeouts: {connectTimeoutMs: 2000, responseTimeoutMs: 2000, idleTimeoutMs: 2000}};
