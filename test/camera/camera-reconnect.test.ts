import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {Camera} from '../../source/camera/camera.js';
import type {CameraState} from '../../source/camera/types.js';
import {MJPEG_CONTENT_TYPE, mjpegPart, startServer, waitFor, type TestServer} from './helpers.js';

let jpeg: Uint8Array;

before(async () => {
	jpeg = await sharp({create: {width: 16, height: 8, channels: 3, background: '#3a6'}}).jpeg().toBuffer();
});

/** Subscribe and keep the sequence of distinct states the camera went through. */
function watchStates(camera: Camera): CameraState[] {
	const states: CameraState[] = [];
	camera.subscribe(() => {
		const {state} = camera.snapshot();
		if (states.at(-1) !== state) {
			states.push(state);
		}
	});
	return states;
}

/** Timers and sockets that keep the process alive, by kind. */
function activeCount(kind: string): number {
	return process.getActiveResourcesInfo().filter(resource => resource === kind).length;
}

describe('Camera reconnects', () => {
	let server: TestServer;
	let connections = 0;

	before(async () => {
		server = await startServer((_request, response) => {
			connections++;
			response.writeHead(200, {'content-type': MJPEG_CONTENT_TYPE});
			response.write(mjpegPart(jpeg));
			response.end(mjpegPart(jpeg));
		});
	});

	after(async () => {
		await server.close();
	});

	test('a stream that ends after 2 frames is reconnected, and stop() leaves no timers', async () => {
		const timersBefore = activeCount('Timeout');
		const camera = new Camera(0, {name: 'flaky', url: `${server.url}/x`}, {backoffMs: [5, 10]});
		const states = watchStates(camera);
		try {
			camera.start();
			await waitFor(() => camera.snapshot().reconnects >= 2 && camera.snapshot().frames >= 6, 'two reconnects');
			const snapshot = camera.snapshot();
			assert.deepEqual(states.slice(0, 5), ['connecting', 'live', 'reconnecting', 'connecting', 'live']);
			assert.equal(snapshot.lastError?.code, 'ERR_STREAM_ENDED');
			assert.ok(connections >= 3);
			assert.equal(camera.latest?.seq, snapshot.frames, 'seq keeps counting across connections');
		} finally {
			camera.stop();
		}

		assert.equal(activeCount('Timeout'), timersBefore, 'stop() cleared every timer');
	});
});

describe('Camera stall watchdog', () => {
	let server: TestServer;

	before(async () => {
		server = await startServer((_request, response) => {
			// One part, then hold the connection open without a byte more. Its Content-Length
			// ends at the JPEG's EOI, so the splitter emits it without waiting for a delimiter.
			response.writeHead(200, {'content-type': MJPEG_CONTENT_TYPE});
			response.write(mjpegPart(jpeg));
		});
	});

	after(async () => {
		await server.close();
	});

	test('one frame and then silence is stalled, then reconnected', async () => {
		const camera = new Camera(0, {name: 'frozen', url: server.url}, {backoffMs: [5], stallMs: 100});
		const states = watchStates(camera);
		try {
			camera.start();
			await waitFor(() => camera.snapshot().reconnects >= 1 && camera.snapshot().state === 'live', 'live after a reconnect');
			assert.deepEqual(states.slice(0, 5), ['connecting', 'live', 'stalled', 'connecting', 'live']);
			assert.equal(camera.snapshot().lastError?.code, 'ERR_STALLED');
			assert.match(camera.snapshot().lastError!.message, /no complete frame for 0\.1 s/);
		} finally {
			camera.stop();
		}
	});
});

describe('Camera failures', () => {
	let server: TestServer;

	before(async () => {
		server = await startServer((request, response) => {
			if (request.url === '/missing') {
				response.writeHead(404).end();
			} else {
				// A login page instead of a stream, held open.
				response.writeHead(200, {'content-type': 'text/html'});
				response.write('<html><body>Please log in</body></html>\n');
			}
		});
	});

	after(async () => {
		await server.close();
	});

	test('a 404 is failed, with the reason, and retried at the slow end of the schedule', async () => {
		const camera = new Camera(0, {name: 'gone', url: `${server.url}/missing`}, {backoffMs: [5, 60_000], random: () => 0.5, now: () => 0});
		try {
			camera.start();
			await waitFor(() => camera.snapshot().state === 'failed', 'failed');
			const snapshot = camera.snapshot();
			assert.equal(snapshot.reason, 'HTTP 404 Not Found');
			assert.equal(snapshot.lastError?.code, 'ERR_HTTP_STATUS');
			assert.equal(snapshot.retryAt, 60_000);
		} finally {
			camera.stop();
		}
	});

	test('a body without any JPEG is ERR_NOT_MJPEG, naming the Content-Type', async () => {
		const camera = new Camera(0, {name: 'login', url: `${server.url}/video`}, {backoffMs: [60_000], stallMs: 100});
		try {
			camera.start();
			await waitFor(() => camera.snapshot().state === 'failed', 'failed');
			const {lastError} = camera.snapshot();
			assert.equal(lastError?.code, 'ERR_NOT_MJPEG');
			assert.match(lastError.message, /Content-Type text\/html/);
		} finally {
			camera.stop();
		}
	});
});
