import http from 'node:http';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import {until} from '../helpers/until.js';

export type TestServer = {
	url: string;
	port: number;
	server: http.Server;
	close(): Promise<void>;
};

/** A real HTTP server on 127.0.0.1 and a free port. */
export async function startServer(handler: http.RequestListener): Promise<TestServer> {
	const server = http.createServer(handler);
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		server,
		async close() {
			server.closeAllConnections();
			await new Promise<void>(resolve => {
				server.close(() => {
					resolve();
				});
			});
		},
	};
}

/** A port that was free a moment ago (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	await new Promise<void>(resolve => {
		server.close(() => {
			resolve();
		});
	});
	return port;
}

/** Poll `condition` until it holds; fail after `timeoutMs` (helpers/until.ts, under the name these tests use). */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
	await until(condition, what, timeoutMs);
}

/** A tiny but valid-looking JPEG: SOI, a comment holding `label`, EOI. */
export function fakeJpeg(label: string): Uint8Array {
	const text = new TextEncoder().encode(label);
	const length = text.length + 2;
	return Uint8Array.from([0xFF, 0xD8, 0xFF, 0xFE, length >> 8, length & 0xFF, ...text, 0xFF, 0xD9]);
}

/** One multipart/x-mixed-replace part for `frame`, with the boundary `frame`. */
export function mjpegPart(frame: Uint8Array): Uint8Array {
	const head = Buffer.from(`--frame\r\nContent-Type: image/jpeg\r\nContent-Length: ${frame.length}\r\n\r\n`);
	return Buffer.concat([head, frame, Buffer.from('\r\n')]);
}

export const MJPEG_CONTENT_TYPE = 'multipart/x-mixed-replace; boundary=frame';
