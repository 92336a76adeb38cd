import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Camera} from '../../source/camera/camera.js';
import type {CameraConfig} from '../../source/camera/types.js';
import {noiseJpeg} from '../fixtures/jpegs.js';
import {startServer, waitFor, type TestServer} from '../camera/helpers.js';
import {authGate} from '../helpers/auth-server.js';

const jpegs = await Promise.all([0, 1, 2, 3].map(async hue => noiseJpeg(32, 24, {hue})));

/** A snapshot camera: each GET answers one JPEG, after `delayMs`; records when requests start and how many overlap. */
async function snapshotServer(delayMs: number): Promise<TestServer & {readonly state: {starts: number[]; maxInFlight: number}}> {
	let inFlight = 0;
	let served = 0;
	const state = {starts: [] as number[], maxInFlight: 0};
	const server = await startServer((_request, response) => {
		state.starts.push(Date.now());
		inFlight++;
		state.maxInFlight = Math.max(state.maxInFlight, inFlight);
		setTimeout(() => {
			inFlight--;
			const jpeg = jpegs[served++ % jpegs.length]!;
			response.writeHead(200, {'content-type': 'image/jpeg', 'content-length': jpeg.length});
			response.end(jpeg);
		}, delayMs);
	});
	return Object.assign(server, {state});
}

async function withCamera(config: Omit<CameraConfig, 'name'>, body: (camera: Camera) => Promise<void>, backoffMs = [50]) {
	const camera = new Camera(0, {name: 'snap', ...config}, {backoffMs, stallMs: 500});
	try {
		camera.start();
		await body(camera);
	} finally {
		camera.stop();
	}
}

describe('snapshot polling', () => {
	test('an image/jpeg answer is polled at the interval, one request at a time, every picture a frame', async () => {
		// The answer takes longer than the interval: polls must wait for it, never overlap.
		const server = await snapshotServer(40);
		try {
			await withCamera({url: `${server.url}/snapshot.jpg`, snapshotIntervalMs: 30}, async camera => {
				await waitFor(() => camera.snapshot().frames >= 5, 'five snapshots');
				assert.equal(camera.state, 'live');
				assert.equal(camera.snapshot().reconnects, 0, 'polling is not reconnecting');
				assert.equal(server.state.maxInFlight, 1);
				const {starts} = server.state;
				for (let index = 1; index < starts.length; index++) {
					assert.ok(starts[index]! - starts[index - 1]! >= 30 - 2, 'never sooner than the interval');
				}
			});
		} finally {
			await server.close();
		}
	});

	test('a slow interval does not look like a stall', async () => {
		const server = await snapshotServer(0);
		try {
			// stallMs is 500 here; the interval is longer, and the camera must still be live between polls.
			await withCamera({url: server.url, kind: 'snapshot', snapshotIntervalMs: 700}, async camera => {
				await waitFor(() => camera.snapshot().frames >= 2, 'two snapshots', 5000);
				assert.equal(camera.state, 'live');
				assert.equal(camera.snapshot().lastError, undefined);
			});
		} finally {
			await server.close();
		}
	});

	test('"kind": "mjpeg" never polls: the end of the body is the end of the stream', async () => {
		const server = await snapshotServer(0);
		try {
			await withCamera({url: server.url, kind: 'mjpeg'}, async camera => {
				await waitFor(() => camera.snapshot().lastError !== undefined, 'the end of the stream');
				assert.equal(camera.snapshot().lastError?.code, 'ERR_STREAM_ENDED');
			});
		} finally {
			await server.close();
		}
	});

	test('snapshots behind Digest auth; a wrong password is failed "auth failed" with a slow retry', async () => {
		const gate = authGate({schemes: ['digest-sha256'], username: 'admin', password: 'p@ss/w:rd'});
		const server = await startServer((request, response) => {
			if (gate.check(request, response)) {
				response.writeHead(200, {'content-type': 'image/jpeg'});
				response.end(jpegs[0]);
			}
		});
		try {
			await withCamera({url: server.url, username: 'admin', password: 'p@ss/w:rd', snapshotIntervalMs: 10}, async camera => {
				await waitFor(() => camera.snapshot().frames >= 3, 'three snapshots');
			});
			const before = gate.seen.length;
			await withCamera({url: server.url, username: 'admin', password: 'wrong'}, async camera => {
				await waitFor(() => camera.state === 'failed', 'failed');
				assert.match(camera.snapshot().reason ?? '', /^auth failed/);
				assert.ok((camera.snapshot().retryAt ?? 0) - Date.now() > 10_000, 'the slow end of the schedule');
				assert.equal(gate.seen.length - before, 2, 'one challenge, one answer, then nothing');
			}, [50, 60_000]);
		} finally {
			await server.close();
		}
	});
});
