import {Buffer} from 'node:buffer';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {ServerResponse} from 'node:http';
import sharp from 'sharp';
import {Camera} from '../../source/camera/camera.js';
import {MJPEG_CONTENT_TYPE, mjpegPart, startServer, waitFor, type TestServer} from './helpers.js';

describe('Camera shows a multipart frame without waiting for the next part', () => {
	let server: TestServer;
	let response: ServerResponse | undefined;
	const jpegs: Uint8Array[] = [];

	before(async () => {
		for (const background of ['#a33', '#3a3']) {
			jpegs.push(await sharp({create: {width: 16, height: 8, channels: 3, background}}).jpeg().toBuffer());
		}

		server = await startServer((_request, reply) => {
			// One part, then nothing until the test sends the next: a 1 fps camera, slowed down.
			reply.writeHead(200, {'content-type': MJPEG_CONTENT_TYPE});
			reply.write(mjpegPart(jpegs[0]!));
			response = reply;
		});
	});

	after(async () => {
		response?.destroy();
		await server.close();
	});

	test('each part is the latest frame before the next one is sent', async () => {
		const camera = new Camera(0, {name: 'slow', url: server.url}, {stallMs: 60_000});
		try {
			camera.start();
			await waitFor(() => camera.latest !== undefined, 'the first frame, with no second part sent');
			assert.equal(camera.latest!.seq, 1);
			assert.deepEqual(Buffer.from(camera.latest!.frame.data), Buffer.from(jpegs[0]!));
			response!.write(mjpegPart(jpegs[1]!));
			await waitFor(() => camera.latest?.seq === 2, 'the second frame, with no third part sent');
			assert.deepEqual(Buffer.from(camera.latest!.frame.data), Buffer.from(jpegs[1]!));
			assert.equal(camera.snapshot().state, 'live');
			assert.equal(camera.splitterStats?.contentLengthMismatches, 0);
		} finally {
			camera.stop();
		}
	});
});
