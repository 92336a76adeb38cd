/*
Issue 6's supervisor list, the answers a camera may give: auth failures retry slowly, 404
and 500 pages, a response header count above Node's cap, multipart parts that are never
JPEG, and a JPEG declaring absurd dimensions (sharp's input pixel limit).
*/
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {Camera} from '../../source/camera/camera.js';
import {absurdJpeg} from '../../source/demo/faults.js';
import {startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {MAX_INPUT_PIXELS, downsample} from '../../source/render/downsample.js';
import {waitFor} from '../camera/helpers.js';
import {assertSchedule, boundary, jpeg, onePart, options, rawServer, schedule} from './supervisor-helpers.js';

describe('supervisor: auth failures, header count, absurd JPEG dimensions', () => {
	let demo: DemoServer;

	before(async () => {
		demo = await startDemoServer([
			{name: 'auth-basic', width: 64, height: 48, fps: 10, fault: {kind: 'auth-basic'}},
			{name: 'auth-digest', width: 64, height: 48, fps: 10, fault: {kind: 'auth-digest'}},
		]);
	});

	after(async () => {
		await demo.close();
	});

	for (const kind of ['auth-basic', 'auth-digest']) {
		test(`${kind}: failed, and the next try is at the slow end of the schedule`, async () => {
			const camera = new Camera(0, {name: kind, url: `${demo.url}/${kind}.mjpeg`, username: 'admin', password: 'wrong'}, options);
			try {
				camera.start();
				await waitFor(() => camera.snapshot().state === 'failed', 'failed', 10_000);
				const snapshot = camera.snapshot();
				assert.equal(snapshot.lastError?.code, 'ERR_AUTH');
				assertSchedule([snapshot.retryAt! - snapshot.since], [schedule.at(-1)!]);
			} finally {
				camera.stop();
			}
		});
	}

	test('2500 tiny response headers: the camera keeps at most Node\'s 2000 and still goes live', async () => {
		// 2500 distinct names in under 16 KiB (so the size limit is not what stops them).
		const many = Array.from({length: 2500}, (_, index) => `${index.toString(36)}:\r\n`).join('');
		const server = await rawServer(socket => {
			// Kept open, so the only thing that can end the connection is the header count.
			socket.write(Buffer.from(onePart.toString('latin1').replace('Connection: close\r\n', `Connection: close\r\n${many}`), 'latin1'));
		});
		const camera = new Camera(0, {name: 'headers', url: `http://127.0.0.1:${server.port}/video`}, options);
		try {
			camera.start();
			await waitFor(() => camera.snapshot().frames >= 1 || camera.snapshot().lastError !== undefined, 'a frame', 10_000);
			assert.equal(camera.snapshot().lastError, undefined);
			const headers = Object.keys(camera.response?.headers ?? {});
			assert.ok(headers.length > 0 && headers.length <= 2000, `${headers.length} headers kept`);
		} finally {
			camera.stop();
			await server.close();
		}
	});

	for (const [status, state, delay] of [[500, 'reconnecting', schedule[0]], [404, 'failed', schedule.at(-1)]] as const) {
		test(`HTTP ${status} with an HTML body: ${state}, the status in the reason, next try after ${delay} ms`, async () => {
			const page = `<html><body><h1>${status}</h1>${'<p>error page</p>'.repeat(200)}</body></html>`;
			const server = await rawServer(socket => {
				socket.end(`HTTP/1.1 ${status} Oops\r\nContent-Type: text/html\r\nContent-Length: ${page.length}\r\nConnection: close\r\n\r\n${page}`);
			});
			const camera = new Camera(0, {name: `http-${status}`, url: `http://127.0.0.1:${server.port}/video`}, options);
			try {
				camera.start();
				await waitFor(() => camera.snapshot().state === state, state, 10_000);
				const snapshot = camera.snapshot();
				assert.equal(snapshot.lastError?.code, 'ERR_HTTP_STATUS');
				assert.match(snapshot.reason ?? '', new RegExp(`HTTP ${status}`));
				assert.doesNotMatch(snapshot.reason ?? '', /<|error page/, 'the body is not shown');
				assertSchedule([snapshot.retryAt! - snapshot.since], [delay!]);
			} finally {
				camera.stop();
				await server.close();
			}
		});
	}

	test('multipart parts that are not JPEG (PNG): failed, "none of them a JPEG", at the slow end', async () => {
		const png = await sharp({create: {width: 8, height: 8, channels: 3, background: '#808080'}}).png().toBuffer();
		const server = await rawServer(socket => {
			socket.write(`HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=${boundary}\r\n\r\n`);
			const part = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Type: image/png\r\nContent-Length: ${png.length}\r\n\r\n`), png, Buffer.from('\r\n')]);
			// Parts keep coming (more than the stall time): bytes flow, frames never do.
			const timer = setInterval(() => socket.write(part), 20);
			socket.on('close', () => {
				clearInterval(timer);
			});
		});
		const camera = new Camera(0, {name: 'png', url: `http://127.0.0.1:${server.port}/video`}, {...options, stallMs: 400});
		try {
			camera.start();
			await waitFor(() => camera.snapshot().state === 'failed', 'failed', 10_000);
			const snapshot = camera.snapshot();
			assert.equal(snapshot.lastError?.code, 'ERR_NOT_MJPEG');
			assert.match(snapshot.lastError.message, /multipart parts within 0\.4 s, none of them a JPEG/);
			assert.equal(snapshot.frames, 0);
		} finally {
			camera.stop();
			await server.close();
		}
	});

	test('a JPEG declaring 65000 × 65000 is refused by the decoder (sharp\'s input pixel limit), not decoded', async () => {
		assert.ok(65_000 * 65_000 > MAX_INPUT_PIXELS);
		await assert.rejects(downsample(absurdJpeg(jpeg), 80, 48), (error: unknown) => (error as {code?: string}).code === 'ERR_DECODE');
		// The same picture with its real size decodes.
		const pixels = await downsample(jpeg, 80, 48);
		assert.equal(pixels.data.length, 80 * 48 * 3);
	});
});
