import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Camera} from '../../source/camera/camera.js';
import {fileSafe, fileStamp, MonitorCapture, NOTICE_MS} from '../../source/commands/capture.js';
import {MonitorCamera} from '../../source/commands/monitor-cameras.js';
import {waitFor} from '../camera/helpers.js';
import {wholeFramePrefix} from './cli-helper.js';
import {demoFixture} from '../helpers/demo-fixture.js';

describe('monitor capture (keys c and R) on live cameras', {timeout: 60_000}, () => {
	const demo = demoFixture('camtop-capture-', [
		{name: 'door', width: 64, height: 48, fps: 25},
		{name: 'full', width: 64, height: 48, fps: 25},
	], {keepFrames: true});

	test('c saves the newest whole frame; R records every frame as sent until R again', async () => {
		let now = Date.UTC(2026, 10, 21, 7, 5, 12);
		const camera = new Camera(0, {name: 'front door', url: demo.server.cameras[0]!.url});
		const capture = new MonitorCapture([camera], {directory: demo.directory, now: () => now});
		try {
			assert.equal(capture.saveFrame(0), undefined);
			assert.deepEqual(capture.status(0)?.notice, {text: 'no frame to save yet', error: true});
			camera.start();
			await waitFor(() => camera.snapshot().frames >= 2, 'frames');
			const saved = capture.saveFrame(0)!;
			assert.equal(path.basename(saved), `front-door-${fileStamp(now)}.jpg`);
			const sent = demo.server.sentFrames('door');
			assert.ok(sent.some(frame => Buffer.from(frame).equals(readFileSync(saved))), 'the saved file is one of the frames sent, unchanged');
			assert.match(capture.status(0)!.notice!.text, /^saved .+front-door-\d{8}-\d{6}\.jpg \(\d+(\.\d)? kB\)$/);
			// A second save in the same second does not overwrite the first.
			assert.equal(path.basename(capture.saveFrame(0)!), `front-door-${fileStamp(now)}-2.jpg`);

			capture.toggleRecord(0);
			const status = capture.status(0)!;
			assert.equal(status.recording?.path, path.join(demo.directory, `front-door-${fileStamp(now)}.mjpg`));
			assert.equal(capture.status(0), status, 'identity-stable while nothing changed');
			const firstSent = demo.server.sentFrames('door').length;
			await waitFor(() => (capture.status(0)?.recording?.frames ?? 0) >= 5, 'five frames recorded');
			capture.toggleRecord(0);
			assert.equal(capture.status(0)?.recording, undefined);
			assert.match(capture.status(0)!.notice!.text, /^recorded \d+ frames \(.+\) to .+\.mjpg$/);
			const recorded = readFileSync(status.recording.path);
			// The recording is whole frames, in order, exactly as sent, starting at the frame after R.
			const after = demo.server.sentFrames('door');
			const matches = [0, 1, 2].map(skip => wholeFramePrefix(recorded, after.slice(firstSent - skip)));
			assert.ok(matches.some(count => count >= 5), `recorded frames are the sent ones (${matches.join(', ')})`);
			now += NOTICE_MS;
			assert.equal(capture.status(0), undefined, 'the notice goes away');
		} finally {
			capture.closeAll();
			camera.stop();
		}
	});

	test('a full disk stops the recording with a message, and the store sees it', async () => {
		const camera = new Camera(0, {name: 'full', url: demo.server.cameras[1]!.url});
		const capture = new MonitorCapture([camera], {fileFor: () => '/dev/full'});
		const view = new MonitorCamera(camera, () => capture.status(0), () => ({rendered: 3, dropped: 1}));
		try {
			camera.start();
			capture.toggleRecord(0);
			assert.ok(capture.status(0)?.recording);
			await waitFor(() => capture.status(0)?.recording === undefined, 'the recording to stop');
			const snapshot = view.snapshot();
			assert.deepEqual(snapshot.capture?.notice, {text: 'ERR_WRITE: cannot write /dev/full: no space left on the device — recording stopped after 0 frames', error: true});
			assert.deepEqual(snapshot.drawn, {rendered: 3, dropped: 1});
			assert.equal(capture.recording, 0);
		} finally {
			capture.closeAll();
			camera.stop();
		}

		assert.deepEqual(readdirSync(demo.directory).filter(name => name.startsWith('full')), []);
	});

	test('file names are safe and sortable', () => {
		assert.equal(fileSafe('lobby cam/1'), 'lobby-cam-1');
		assert.equal(fileSafe('../..'), 'camera');
		assert.equal(fileSafe('192.168.1.20:8080/video'), '192.168.1.20-8080-video');
		assert.match(fileStamp(Date.now()), /^\d{8}-\d{6}$/);
	});
});
