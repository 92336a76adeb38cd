import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import sharp from 'sharp';
import {cachedFeedFrames, FEED_BOUNDARY, makeFeedFrames, startFeedServer} from '../../bench/scale-feed.js';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import {openStream, parseParts} from '../demo/mjpeg-reader.js';
import {until} from '../helpers/until.js';

describe('scale bench feed (pre-encoded frames replayed)', () => {
	test('the loop is distinct real JPEGs of the asked size', async () => {
		const frames = await makeFeedFrames({width: 160, height: 90, count: 4});
		assert.equal(frames.jpegs.length, 4);
		const seen = new Set<string>();
		for (const jpeg of frames.jpegs) {
			const metadata = await sharp(jpeg).metadata();
			assert.equal(metadata.format, 'jpeg');
			assert.equal(metadata.width, 160);
			assert.equal(metadata.height, 90);
			seen.add(Buffer.from(jpeg).toString('base64'));
		}

		assert.equal(seen.size, 4, 'every frame differs (motion and noise)');
	});

	test('each camera streams the loop as multipart parts with exact Content-Length, from its own start frame', async () => {
		const frames = await makeFeedFrames({width: 64, height: 48, count: 5});
		const server = await startFeedServer({cameras: 2, fps: 60, frames});
		try {
			const stream = await openStream(server.urls[1]!);
			assert.equal(stream.response.statusCode, 200);
			assert.equal(stream.response.headers['content-type'], `multipart/x-mixed-replace; boundary=${FEED_BOUNDARY}`);
			const layout = {delimiter: `--${FEED_BOUNDARY}`, eol: '\r\n'};
			await until(() => parseParts(stream.body(), layout).parts.length >= 7, '7 parts', 10_000);
			stream.destroy();
			const {parts} = parseParts(stream.body(), layout);
			for (const [index, part] of parts.entries()) {
				assert.equal(part.headers.get('content-type'), 'image/jpeg');
				assert.equal(Number(part.headers.get('content-length')), part.jpeg.length);
				// Camera 1 starts 7 frames into the loop (7 mod 5 = 2), then goes round it in order.
				assert.deepEqual(part.jpeg, Buffer.from(frames.jpegs[(index + 7) % 5]!));
			}

			// The project's own splitter takes every part whole.
			const splitter = new FrameSplitter({contentType: stream.response.headers['content-type']});
			const split = splitter.push(stream.body());
			assert.ok(split.length >= parts.length - 1);
			assert.deepEqual(Buffer.from(split[0]!.data), Buffer.from(frames.jpegs[2]!));
			assert.equal(server.counters(1).frames >= parts.length, true);
		} finally {
			await server.close();
		}
	});

	test('an unknown camera is 404', async () => {
		const server = await startFeedServer({cameras: 1, fps: 15, frames: await makeFeedFrames({width: 16, height: 16, count: 1})});
		try {
			const stream = await openStream(server.urls[0]!.replace('cam0', 'cam1'));
			assert.equal(stream.response.statusCode, 404);
			await stream.finished;
		} finally {
			await server.close();
		}
	});
});

describe('scale bench feed cache', () => {
	test('the cached loop is the loop makeFeedFrames encodes, read back whole', async () => {
		// A size nothing else uses, small enough to encode quickly; the first call writes the cache, the second reads it.
		const first = await cachedFeedFrames(48, 32);
		const second = await cachedFeedFrames(48, 32);
		const fresh = await makeFeedFrames({width: 48, height: 32});
		assert.equal(second.jpegs.length, fresh.jpegs.length);
		for (const [index, jpeg] of fresh.jpegs.entries()) {
			assert.deepEqual(Buffer.from(second.jpegs[index]!), Buffer.from(jpeg), `frame ${index}`);
			assert.deepEqual(Buffer.from(first.jpegs[index]!), Buffer.from(jpeg), `frame ${index}`);
		}
	});
});
