import {test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {Camera} from '../../source/camera/camera.js';
import {waitFor} from './helpers.js';
import {ffmpegMissing, startFfmpegMjpegServer} from '../helpers/ffmpeg.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

test('Camera against ffmpeg\'s own MJPEG server reaches live with 640x360 frames', {skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
	const ffmpeg = await startFfmpegMjpegServer();
	// ffmpeg's `-listen 1` serves exactly one client, so the port cannot be probed with a
	// connection of our own: the camera's own retries (connection refused → short
	// backoff) wait for the port instead, under waitFor's deadline.
	const camera = new Camera(0, {name: 'ffmpeg', url: ffmpeg.url}, {backoffMs: [50]});
	try {
		camera.start();
		await waitFor(() => camera.snapshot().frames >= 3, `three frames from ffmpeg (stderr: ${ffmpeg.stderr()})`, 15_000);
		const snapshot = camera.snapshot();
		assert.equal(snapshot.state, 'live');
		// ffmpeg's HTTP server labels the stream application/octet-stream; the boundary is sniffed from the body.
		assert.equal(snapshot.framing, 'multipart');
		const {width, height, format} = await sharp(camera.latest!.frame.data).metadata();
		assert.deepEqual({width, height, format}, {width: 640, height: 360, format: 'jpeg'});
	} finally {
		camera.stop();
		await ffmpeg.stop();
	}
});
