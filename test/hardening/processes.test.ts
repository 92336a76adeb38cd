import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Camera} from '../../source/camera/camera.js';
import {startDemoServer} from '../../source/demo/simulator.js';
import {waitFor} from '../camera/helpers.js';
import {childProcesses, processExists} from '../helpers/proc.js';
import {ffmpegMissing} from '../helpers/ffmpeg.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

const RECONNECTS = 100;

test(`no zombie or orphan ffmpeg after ${RECONNECTS} reconnects`, {skip: skipUnlessInstalled(ffmpegMissing), timeout: 120_000}, async () => {
	const server = await startDemoServer([{name: 'cam', width: 64, height: 48, fps: 10}]);
	const camera = new Camera(0, {name: 'ffmpeg', url: `${server.url}/cam.mjpeg`, kind: 'ffmpeg'}, {backoffMs: [50]});
	const seen = new Set<number>();
	try {
		camera.start();
		await waitFor(() => camera.snapshot().frames >= 1, 'a first frame through ffmpeg', 15_000);
		for (let round = 0; round < RECONNECTS; round++) {
			// Reconnect as soon as the new ffmpeg exists: killed while starting up, the harshest case.
			await waitFor(() => childProcesses('ffmpeg').some(entry => entry.state !== 'Z' && !seen.has(entry.pid)), `ffmpeg of round ${round}`, 10_000);
			for (const entry of childProcesses('ffmpeg')) {
				seen.add(entry.pid);
			}

			camera.reconnect();
			// Old children are killed as they go: never a pile of running ones (an exited one
			// stays a zombie for the moment until Node's SIGCHLD handler reaps it).
			const running = childProcesses('ffmpeg').filter(entry => entry.state !== 'Z');
			assert.ok(running.length <= 4, `ffmpeg children pile up: ${JSON.stringify(running)}`);
		}

		await waitFor(() => camera.snapshot().frames >= 2 && camera.snapshot().state === 'live', 'live again after the storm', 15_000);
		// While the camera runs on: exactly its one ffmpeg, every earlier one reaped.
		await waitFor(() => childProcesses('ffmpeg').length === 1, `one ffmpeg left (now: ${JSON.stringify(childProcesses('ffmpeg'))})`, 10_000);
		assert.equal(camera.snapshot().reconnects, RECONNECTS);
	} finally {
		camera.stop();
		await server.close();
	}

	await waitFor(() => childProcesses('ffmpeg').length === 0, `every ffmpeg reaped (left: ${JSON.stringify(childProcesses('ffmpeg'))})`, 10_000);
	assert.ok(seen.size >= RECONNECTS, `${seen.size} ffmpeg processes seen`);
	// Not reparented to init either: every one of them is gone from /proc.
	for (const pid of seen) {
		assert.equal(processExists(pid), false, `ffmpeg ${pid} still exists`);
	}
});
