import {test} from 'node:test';
import assert from 'node:assert/strict';
import {spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import sharp from 'sharp';
import {Camera} from '../../source/camera/camera.js';
import {freePort, waitFor} from './helpers.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], {stdio: 'ignore'}).status === 0;

test('Camera against ffmpeg\'s own MJPEG server reaches live with 640x360 frames', {skip: skipUnlessInstalled(hasFfmpeg ? false : 'ffmpeg not installed')}, async () => {
	const port = await freePort();
	const ffmpeg = spawn('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-re',
		'-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=10',
		'-f', 'mpjpeg', '-listen', '1', `http://127.0.0.1:${port}/x`,
	], {stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	ffmpeg.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	const exited = once(ffmpeg, 'exit');

	// ffmpeg's `-listen 1` serves exactly one client, so the port cannot be probed with a
	// connection of our own: the camera's own retries (connection refused → short
	// backoff) wait for the port instead, under waitFor's deadline.
	const camera = new Camera(0, {name: 'ffmpeg', url: `http://127.0.0.1:${port}/x`}, {backoffMs: [50]});
	try {
		camera.start();
		await waitFor(() => camera.snapshot().frames >= 3, `three frames from ffmpeg (stderr: ${stderr})`, 15_000);
		const snapshot = camera.snapshot();
		assert.equal(snapshot.state, 'live');
		// ffmpeg's HTTP server labels the stream application/octet-stream; the boundary is sniffed from the body.
		assert.equal(snapshot.framing, 'multipart');
		const {width, height, format} = await sharp(camera.latest!.frame.data).metadata();
		assert.deepEqual({width, height, format}, {width: 640, height: 360, format: 'jpeg'});
	} finally {
		camera.stop();
		if (ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
			process.kill(ffmpeg.pid!, 'SIGKILL');
		}

		await exited;
	}
});
