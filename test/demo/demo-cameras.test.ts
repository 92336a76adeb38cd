import assert from 'node:assert/strict';
import {test} from 'node:test';
import sharp from 'sharp';
import {defaultDemoCameras} from '../../source/demo/demo-cameras.js';
import {startDemoServer} from '../../source/demo/simulator.js';
import {type Layout, openStream, parseParts, waitFor} from './mjpeg-reader.js';

test('the default demo cameras differ and each one streams pictures of its size', async () => {
	assert.ok(defaultDemoCameras.length >= 4);
	for (const key of ['name', 'quirk'] as const) {
		assert.equal(new Set(defaultDemoCameras.map(camera => camera[key])).size, defaultDemoCameras.length, `distinct ${key}s`);
	}

	assert.ok(new Set(defaultDemoCameras.map(camera => `${camera.width}x${camera.height}`)).size >= 3, 'several sizes');
	assert.ok(new Set(defaultDemoCameras.map(camera => camera.fps)).size >= 3, 'several rates');

	const server = await startDemoServer(defaultDemoCameras);
	const streams = await Promise.all(server.cameras.map(async camera => openStream(camera.url)));
	try {
		// Read the boundary the way a client must: from the Content-Type header.
		const layouts: Layout[] = streams.map(stream => {
			const boundary = /boundary=(?:"([^"]+)"|(\S+))/.exec(stream.response.headers['content-type'] ?? '');
			const value = boundary?.[1] ?? boundary?.[2] ?? '';
			return {delimiter: value.startsWith('--') ? value : `--${value}`, eol: '\r\n'};
		});
		const firstParts = () => streams.map((stream, index) => parseParts(stream.body(), layouts[index]!).parts[0]);
		await waitFor(() => firstParts().every(part => part !== undefined), 'a frame from every camera');
		const parts = firstParts();
		for (const [index, camera] of server.cameras.entries()) {
			const {width, height} = await sharp(parts[index]!.jpeg).metadata();
			assert.deepEqual([width, height], [camera.options.width, camera.options.height], camera.name);
		}
	} finally {
		for (const stream of streams) {
			stream.destroy();
		}

		await server.close();
	}
});
