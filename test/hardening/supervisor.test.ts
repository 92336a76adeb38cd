/*
Issue 6's supervisor list, one test each where the rest of the suite had none: the
timeout defaults, the connect timeout against a port that never completes the handshake,
backoff on connections and ffmpeg runs that "succeed" and die at once, and the longer stall
time of ffmpeg sources (the camera's answers: supervisor-answers.test.ts). Delays are read
from the camera's own schedule (retryAt), not timed.
*/
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import net from 'node:net';
import {Camera, DEFAULT_FFMPEG_STALL_MS, DEFAULT_STALL_MS} from '../../source/camera/camera.js';
import {DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RESPONSE_TIMEOUT_MS} from '../../source/ingest/http-source.js';
import type {SourceHandlers} from '../../source/ingest/source-types.js';
import {freePort, waitFor} from '../camera/helpers.js';
import {ffmpegMissing} from '../helpers/ffmpeg.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {assertSchedule, jpeg, onePart, options, rawServer, recordDelays, schedule} from './supervisor-helpers.js';

const hasPython = spawnSync('python3', ['--version'], {stdio: 'ignore'}).status === 0;

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

	test('a camera that is down at start-up keeps retrying, and goes live once it comes up', async () => {
		const port = await freePort();
		const camera = new Camera(0, {name: 'late', url: `http://127.0.0.1:${port}/video`}, options);
		const {delays} = recordDelays(camera);
		let server: Awaited<ReturnType<typeof rawServer>> | undefined;
		try {
			camera.start();
			await waitFor(() => delays.length >= 3, 'three refused attempts', 15_000);
			assert.equal(camera.snapshot().state, 'reconnecting');
			assert.match(camera.snapshot().reason ?? '', /refused/);
			// The camera boots: an endless stream of the same frame.
			const part = Buffer.concat([Buffer.from(`--late\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`), jpeg, Buffer.from('\r\n')]);
			server = await rawServer(socket => {
				socket.write('HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=late\r\n\r\n');
				const timer = setInterval(() => socket.write(part), 50);
				socket.on('close', () => {
					clearInterval(timer);
				});
			}, port);
			await waitFor(() => camera.snapshot().state === 'live' && camera.snapshot().frames >= 3, 'live once the camera is up', 15_000);
		} finally {
			camera.stop();
			await server?.close();
		}
	});

	test('ffmpeg: a run that gives one frame and exits is retried on the same growing schedule', {skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
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

	test('ffmpeg: a run that fails at once (connection refused) backs off too', {skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
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
