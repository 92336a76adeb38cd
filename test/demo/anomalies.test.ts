import assert from 'node:assert/strict';
import {test} from 'node:test';
import {startDemoServer} from '../../source/demo/simulator.js';
import {readAll} from './mjpeg-reader.js';

test('crafted anomalies are written where asked and counted exactly', async () => {
	const server = await startDemoServer([{
		name: 'broken',
		width: 64,
		height: 48,
		fps: 30,
		frames: 6,
		anomalies: {wrongLength: {every: 2, delta: -2}, garbage: {every: 3, bytes: 5}, corrupt: {every: 4}, missingLength: {every: 5}, declaredBoundary: 'liar'},
	}], {keepFrames: true});
	try {
		const {response, body} = await readAll(server.cameras[0]!.url);
		assert.equal(response.headers['content-type'], 'multipart/x-mixed-replace; boundary=liar', 'the header lies');
		const text = body.toString('latin1');
		assert.ok(text.endsWith('\r\n--camtopframe--\r\n'), 'the body keeps its own boundary');

		// Lengths can lie here, so cut at the delimiters rather than trusting Content-Length.
		const parts = text.slice(0, -'--camtopframe--\r\n'.length).split('--camtopframe\r\n').slice(1);
		assert.equal(parts.length, 6);
		const sent = server.sentFrames('broken');
		for (const [index, part] of parts.entries()) {
			const number = index + 1;
			const headerEnd = part.indexOf('\r\n\r\n');
			const declared = /Content-Length: (\d+)/.exec(part.slice(0, headerEnd))?.[1];
			const data = part.slice(headerEnd + 4, -2);
			const garbage = number % 3 === 0 ? 'ABCDE' : '';
			assert.ok(data.endsWith(garbage), `part ${number}: garbage after the JPEG`);
			const jpeg = Buffer.from(data.slice(0, data.length - garbage.length), 'latin1');
			assert.ok(jpeg.equals(sent[index]!), `part ${number}: the kept frame is what was sent`);
			assert.equal(jpeg.at(-1) === 0xD9, number % 4 !== 0, `part ${number}: cut short only when corrupt`);
			const wanted = number % 5 === 0 ? undefined : String(jpeg.length + (number % 2 === 0 ? -2 : 0));
			assert.equal(declared, wanted, `part ${number}: Content-Length`);
		}

		const counters = server.counters('broken');
		assert.equal(counters.bytes, body.length);
		assert.deepEqual(counters.anomalies, {wrongLength: 3, missingLength: 1, garbageParts: 2, garbageBytes: 10, corrupt: 1});
	} finally {
		await server.close();
	}
});
