/*
Issue 6's supervisor list, one test each where the rest of the suite had none: the connect
timeout against a port that never completes the handshake, backoff on connections and
ffmpeg runs that "succeed" and die at once, slow retries after an auth failure, a cap on
the number of response headers, sharp's input-pixel limit, and the longer stall time
of ffmpeg sources. Delays are read from the camera's own schedule (retryAt), not timed.
*/
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import net from 'node:net';
import sharp from 'sharp';
import {Camera, DEFAULT_FFMPEG_STALL_MS, DEFAULT_STALL_MS} from '../../source/camera/camera.js';
import type {CameraSnapshot} from '../../source/camera/types.js';
import {absurdJpeg} from '../../source/demo/faults.js';
import {startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RESPONSE_TIMEOUT_MS} from '../../source/ingest/http-source.js';
import type {SourceHandlers} from '../../source/ingest/source-types.js';
import {MAX_INPUT_PIXELS, downsample} from '../../source/render/downsample.js';
import {jpegFixtures} from '../fixtures/jpegs.js';
import {freePort, waitFor} from '../camera/helpers.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], {stdio: 'ignore'}).status === 0;
const hasPython = spawnSync('python3', ['--version'], {stdio: 'ignore'}).status === 0;
const jpeg = (await jpegFixtures()).small[0]!;
const boundary = 'dies';
const onePart = Buffer.concat([
	Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=${boundary}\r\nConnection: close\r\n\r\n--${boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`, 'latin1'),
	jpeg,
	Buffer.from(`\r\n--${boundary}\r\n`, 'latin1'),
]);

/** A raw TCP server; `serve` gets each connection. Counts connections. */
async function rawServer(serve: (socket: net.Socket) => void): Promise<{port: number; connections: () => number; close: () => Promise<void>}> {
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
		server.listen(0, '127.0.0.1', resolve);
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

/** Each delay is the scheduled one (the state's clock starts a millisecond after the delay is chosen). */
function assertSchedule(delays: readonly number[], expected: readonly number[]): void {
	assert.equal(delays.length, expected.length);
	for (const [index, delay] of delays.entries()) {
		assert.ok(Math.abs(delay - expected[index]!) <= 5, `delay ${index}: ${delay} ms, scheduled ${expected[index]} ms (all: ${delays.join(', ')})`);
	}
}

/** The delay the camera chose after each failure: retryAt minus the time it entered the waiting state. */
function recordDelays(camera: Camera): {delays: number[]; states: Set<string>} {
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

const schedule = [100, 200, 400, 800, 1600];
const options = {backoffMs: schedule, random: () => 0.5, timeouts: {connectTimeoutMs: 2000, responseTimeoutMs: 2000, idleTimeoutMs: 2000}};

describe('supervisor: timeouts', () => {
	test('the defaults are the issue\'s: connect 5 s, response headers 10 s, stall 10 s (HTTP) and 20 s (ffmpeg), idle longer than both stalls', () => {
		assert.equal(DEFAULT_CONNECT_TIMEOUT_MS, 5000);
		assert.equal(DEFAULT_RESPONSE_TIMEOUT_MS, 10_000);
		// The watchdog, not the socket timeout, must be what sees a silent camera (it shows `stalled`).
		assert.ok(DEFAULT_IDLE_TIMEOUT_MS > DEFAULT_FFMPEG_STALL_MS);
		assert.equal(DEFAULT_STALL_MS, 10_000);
		assert.equal(DEFAULT_FFMPEG_STALL_MS, 20_000);
	});

	describe('a port whose listen queue is full never completes the handshake', {skip: skipUnlessInstalled(hasPython ? false : 'python3 not installed')}, () => {
		let listener: ChildProcess;
		let port = 0;
		const fillers: net.Socket[] = [];

		before(async () => {
			// A socket that listens with a backlog of 0 and never accepts: once the queue holds
			// a connection, the kernel drops further SYNs and connect() just waits.
			listener = spawn('python3', ['-c', 'import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)'], {stdio: ['ignore', 'pipe', 'inherit']});
			port = await new Promise<number>(resolve => {
				listener.stdout!.once('data', (data: Buffer) => {
					resolve(Number(data.toString().trim()));
				});
			});
			for (let index = 0; index < 3; index++) {
				const socket = net.connect({port, host: '127.0.0.1'});
				socket.on('error', () => undefined);
				fillers.push(socket);
			}
		});

		after(() => {
			for (const socket of fillers) {
				socket.destroy();
			}

			listener.kill();
		});

		test('ERR_TIMEOUT "could not connect … within" the connect timeout, then reconnecting', async () => {
			const camera = new Camera(0, {name: 'blackhole', url: `http://127.0.0.1:${port}/video`}, {...options, timeouts: {connectTimeoutMs: 300, responseTimeoutMs: 5000, idleTimeoutMs: 5000}});
			try {
				camera.start();
				await waitFor(() => camera.snapshot().lastError !== undefined, 'the connect timeout', 10_000);
				const snapshot = camera.snapshot();
				assert.equal(snapshot.lastError?.code, 'ERR_TIMEOUT');
				assert.match(snapshot.lastError.message, /could not connect to 127\.0\.0\.1:\d+ within 300 ms/);
				assert.equal(snapshot.state, 'reconnecting');
			} finally {
				camera.stop();
			}
		});
	});
});

describe('supervisor: backoff when a connection "succeeds" and dies at once', () => {
	test('HTTP: one frame, then the server closes; each retry waits longer (the backoff is not reset by a moment of life)', async () => {
		const server = await rawServer(socket => {
			socket.end(onePart);
		});
		const camera = new Camera(0, {name: 'dies', url: `http://127.0.0.1:${server.port}/video`}, options);
		const {delays, states} = recordDelays(camera);
		try {
			camera.start();
			await waitFor(() => delays.length >= 4, 'four failures', 15_000);
			assert.ok(states.has('live'), 'each connection went live (one frame)');
			// The schedule walks up: no zero-delay loop.
			assertSchedule(delays.slice(0, 4), schedule.slice(0, 4));
			assert.ok(server.connections() <= delays.length + 1, 'one connection per scheduled attempt');
		} finally {
			camera.stop();
			await server.close();
		}
	});

	test('ffmpeg: a run that gives one frame and exits is retried on the same growing schedule', {skip: skipUnlessInstalled(hasFfmpeg ? false : 'ffmpeg not installed')}, async () => {
		const server = await rawServer(socket => {
			socket.end(onePart);
		});
		const camera = new Camera(0, {name: 'ffdies', url: `http://127.0.0.1:${server.port}/video`, kind: 'ffmpeg'}, options);
		const {delays} = recordDelays(camera);
		try {
			camera.start();
			await waitFor(() => delays.length >= 3, 'three ffmpeg runs that died', 30_000);
			assertSchedule(delays.slice(0, 3), schedule.slice(0, 3));
		} finally {
			camera.stop();
			await server.close();
		}
	});

	test('ffmpeg: a run that fails at once (connection refused) backs off too', {skip: skipUnlessInstalled(hasFfmpeg ? false : 'ffmpeg not installed')}, async () => {
		const camera = new Camera(0, {name: 'ffrefused', url: `http://127.0.0.1:${await freePort()}/video`, kind: 'ffmpeg'}, options);
		const {delays} = recordDelays(camera);
		try {
			camera.start();
			await waitFor(() => delays.length >= 3, 'three failed ffmpeg runs', 30_000);
			assertSchedule(delays.slice(0, 3), schedule.slice(0, 3));
		} finally {
			camera.stop();
		}
	});
});

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

describe('supervisor: the stall time of an ffmpeg source', () => {
	test('an HTTP source stalls after stallMs; the same silence through ffmpeg is stalled only after 20 s', async () => {
		let now = 1_000_000;
		const make = (ffmpeg: boolean) => {
			let handlers: SourceHandlers | undefined;
			// A short stallMs makes the watchdog tick every few ms; the clock itself is the test's.
			const camera = new Camera(0, {name: ffmpeg ? 'ff' : 'http', url: 'http://cam.local/'}, {
				stallMs: 40,
				ffmpegStallMs: DEFAULT_FFMPEG_STALL_MS,
				now: () => now,
				openSource(_options, given) {
					handlers = given;
					return {close: () => undefined};
				},
			});
			camera.start();
			handlers!.onResponse({statusCode: ffmpeg ? 0 : 200, contentType: 'image/jpeg', headers: {}, ...(ffmpeg ? {ffmpeg: true} : {})});
			return camera;
		};

		const http = make(false);
		const ffmpeg = make(true);
		try {
			now += 15_000;
			await waitFor(() => http.snapshot().state === 'stalled', 'the HTTP camera stalled');
			// Several watchdog ticks later the ffmpeg camera still waits.
			const ticks = Date.now() + 200;
			await waitFor(() => Date.now() > ticks, 'a few watchdog ticks');
			assert.equal(ffmpeg.snapshot().state, 'connecting');
			now += 6000;
			await waitFor(() => ffmpeg.snapshot().state === 'stalled', 'the ffmpeg camera stalled after 20 s');
			assert.match(ffmpeg.snapshot().reason ?? '', /20 s/);
		} finally {
			http.stop();
			ffmpeg.stop();
		}
	});
});
