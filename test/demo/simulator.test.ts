import assert from 'node:assert/strict';
import {connect} from 'node:net';
import {describe, test} from 'node:test';
import sharp from 'sharp';
import {CamtopError} from '../../source/errors.js';
import {type DemoQuirk, demoQuirks, startDemoServer} from '../../source/demo/simulator.js';
import {type Layout, openStream, parseParts, readAll, waitFor} from './mjpeg-reader.js';

/** What each quirk must look like on the wire, written out from the spec rather than imported. */
const expected: Record<DemoQuirk, Layout & {contentType: string; lengthLine?: (length: number) => string}> = {
	standard: {contentType: 'multipart/x-mixed-replace; boundary=camtopframe', delimiter: '--camtopframe', eol: '\r\n', lengthLine: length => `Content-Length: ${length}`},
	'quoted-boundary': {contentType: 'multipart/x-mixed-replace; boundary="camtop frame"', delimiter: '--camtop frame', eol: '\r\n', lengthLine: length => `Content-Length: ${length}`},
	'dashed-boundary': {contentType: 'multipart/x-mixed-replace; boundary=--camtop', delimiter: '--camtop', eol: '\r\n', lengthLine: length => `Content-Length: ${length}`},
	'no-content-length': {contentType: 'multipart/x-mixed-replace; boundary=camtopframe', delimiter: '--camtopframe', eol: '\r\n'},
	'lf-only': {contentType: 'multipart/x-mixed-replace; boundary=camtopframe', delimiter: '--camtopframe', eol: '\n', lengthLine: length => `Content-Length: ${length}`},
	'padded-length': {contentType: 'multipart/x-mixed-replace; boundary=camtopframe', delimiter: '--camtopframe', eol: '\r\n', lengthLine: length => `Content-Length:   ${length}  `},
};

const timestamp = /^X-Timestamp: \d{10}\.\d{3}$/;

describe('demo simulator: each quirk on the wire', () => {
	for (const quirk of demoQuirks) {
		test(quirk, async () => {
			const frames = 4;
			const server = await startDemoServer([{name: 'cam', width: 96, height: 64, fps: 30, quirk, frames}], {keepFrames: true});
			try {
				const {response, body} = await readAll(server.cameras[0]!.url);
				assert.equal(response.statusCode, 200);
				assert.equal(response.headers['content-type'], expected[quirk].contentType);
				assert.equal(response.headers['cache-control'], 'no-cache');
				assert.equal(response.headers['transfer-encoding'], undefined, 'camera style: no chunked encoding');

				const {parts, closed} = parseParts(body, expected[quirk]);
				assert.ok(closed, 'the response ends with the close delimiter');
				assert.equal(parts.length, frames);
				const {lengthLine} = expected[quirk];
				for (const part of parts) {
					const wanted = lengthLine === undefined ? ['Content-Type: image/jpeg'] : ['Content-Type: image/jpeg', lengthLine(part.jpeg.length)];
					assert.deepEqual(part.lines.slice(0, -1), wanted);
					assert.match(part.lines.at(-1)!, timestamp);
					assert.deepEqual([part.jpeg[0], part.jpeg[1], part.jpeg.at(-2), part.jpeg.at(-1)], [0xFF, 0xD8, 0xFF, 0xD9]);
				}

				// Exact accounting: what the server counted is what the client got.
				const counters = server.counters('cam');
				assert.equal(counters.connections, 1);
				assert.equal(counters.frames, frames);
				assert.equal(counters.bytes, body.length);
				assert.equal(counters.frameBytes, parts.reduce((sum, part) => sum + part.jpeg.length, 0));
				assert.deepEqual(server.sentFrames('cam').map(jpeg => Buffer.from(jpeg)), parts.map(part => part.jpeg));
			} finally {
				await server.close();
			}
		});
	}
});

describe('demo simulator: pictures', () => {
	test('JPEGs decode to the configured size and consecutive frames differ', async () => {
		const server = await startDemoServer([{name: 'wide', width: 200, height: 120, fps: 25, quality: 80, frames: 3}]);
		try {
			const {body} = await readAll(server.cameras[0]!.url);
			const {parts} = parseParts(body, expected.standard);
			assert.equal(parts.length, 3);
			const decoded = await Promise.all(parts.map(async part => sharp(part.jpeg).raw().toBuffer({resolveWithObject: true})));
			for (const {info} of decoded) {
				assert.deepEqual([info.width, info.height, info.channels], [200, 120, 3]);
			}

			for (let index = 1; index < decoded.length; index++) {
				assert.notDeepEqual(decoded[index]!.data, decoded[index - 1]!.data, `frame ${index} repeats frame ${index - 1}`);
				assert.notEqual(parts[index]!.headers.get('x-timestamp'), parts[index - 1]!.headers.get('x-timestamp'));
			}
		} finally {
			await server.close();
		}
	});

	test('two connections to one camera get the same bytes for the same tick', async () => {
		const server = await startDemoServer([{name: 'shared', width: 64, height: 48, fps: 30, quirk: 'lf-only'}], {keepFrames: true});
		const layout = expected['lf-only'];
		const first = await openStream(server.cameras[0]!.url);
		const second = await openStream(server.cameras[0]!.url);
		try {
			const byTimestamp = (body: Buffer) => new Map(parseParts(body, layout).parts.map(part => [part.headers.get('x-timestamp'), part.jpeg]));
			const common = () => {
				const seconds = byTimestamp(second.body());
				return [...byTimestamp(first.body())].filter(([stamp]) => seconds.has(stamp)).map(([stamp, jpeg]) => [jpeg, seconds.get(stamp)!] as const);
			};

			await waitFor(() => common().length >= 3, 'three frames seen on both connections');
			for (const [one, other] of common()) {
				assert.ok(one.equals(other));
			}

			// Encoded once per tick, not once per connection.
			const counters = server.counters('shared');
			assert.equal(counters.open, 2);
			assert.ok(server.sentFrames('shared').length < counters.frames);
		} finally {
			first.destroy();
			second.destroy();
			await server.close();
		}
	});
});

describe('demo simulator: HTTP', () => {
	test('unknown paths get 404 and / lists the cameras', async () => {
		const server = await startDemoServer([{name: 'a', width: 32, height: 32, fps: 1}, {name: 'b-2', width: 32, height: 32, fps: 1}]);
		try {
			assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
			const missing = await readAll(`${server.url}/nope.mjpeg`);
			assert.equal(missing.response.statusCode, 404);
			assert.match(missing.response.headers['content-type'] ?? '', /^text\/plain/);
			assert.ok(missing.body.length > 0 && missing.body.length < 200);

			// Names are URL-safe, so paths are matched as sent; a malformed escape is just another 404.
			assert.equal((await readAll(`${server.url}/%E0%A4%A.mjpeg`)).response.statusCode, 404);

			const index = await readAll(`${server.url}/`);
			assert.equal(index.response.statusCode, 200);
			const text = index.body.toString('utf8');
			for (const camera of server.cameras) {
				assert.ok(text.includes(camera.url), `index lists ${camera.url}`);
			}

			assert.deepEqual(server.cameras.map(camera => camera.url), [`${server.url}/a.mjpeg`, `${server.url}/b-2.mjpeg`]);
			assert.equal(server.counters('a').connections, 0, 'no stream was opened');
			assert.throws(() => server.counters('zzz'), {code: 'ERR_USAGE'});
		} finally {
			await server.close();
		}
	});

	test('bad camera options are refused with ERR_USAGE', async () => {
		const bad = [
			{name: 'has space', width: 32, height: 32, fps: 5},
			{name: 'x', width: 0, height: 32, fps: 5},
			{name: 'x', width: 32, height: 32, fps: 0},
			{name: 'x', width: 32, height: 32, fps: 5, quality: 101},
			{name: 'x', width: 32, height: 32, fps: 5, frames: 0},
			{name: 'x', width: 32, height: 32, fps: 5, anomalies: {garbage: {every: 0, bytes: 1}}},
		];
		for (const camera of bad) {
			await assert.rejects(startDemoServer([camera]), (error: unknown) => error instanceof CamtopError && error.code === 'ERR_USAGE');
		}

		await assert.rejects(startDemoServer([{name: 'x', width: 8, height: 8, fps: 1}, {name: 'x', width: 8, height: 8, fps: 1}]), {code: 'ERR_USAGE'});
	});

	test('close() ends open streams, stops the server and leaves no timers', async () => {
		const handles = () => process.getActiveResourcesInfo().filter(kind => kind === 'Timeout' || kind === 'TCPServerWrap').length;
		const baseline = handles();
		const server = await startDemoServer([{name: 'one', width: 64, height: 48, fps: 20}, {name: 'two', width: 64, height: 48, fps: 20, quirk: 'dashed-boundary'}]);
		const layouts = [expected.standard, expected['dashed-boundary'], expected['dashed-boundary']];
		const urls = [server.cameras[0]!.url, server.cameras[1]!.url, server.cameras[1]!.url];
		const streams = await Promise.all(urls.map(async url => openStream(url)));
		const parsed = () => streams.map((stream, index) => parseParts(stream.body(), layouts[index]!));
		await waitFor(() => parsed().every(({parts}) => parts.length > 0), 'a frame on every stream');
		await server.close();
		await Promise.all(streams.map(async stream => stream.finished));
		assert.ok(parsed().every(({closed}) => closed), 'every stream ended with its close delimiter');
		assert.equal(server.counters('two').open, 0);
		await waitFor(() => handles() <= baseline, 'timers and the listening socket to be gone');
		await assert.rejects(openStream(server.cameras[0]!.url), {code: 'ECONNREFUSED'});
	});

	test('a client that stops reading gets frames skipped, not queued', async () => {
		const server = await startDemoServer([{name: 'big', width: 1280, height: 720, fps: 30, quality: 95}]);
		const url = new URL(server.cameras[0]!.url);
		const socket = connect(Number(url.port), url.hostname);
		try {
			socket.write(`GET ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n\r\n`);
			socket.pause();
			await waitFor(() => server.counters('big').skipped > 0, 'a skipped frame', 60_000);
			const atFirstSkip = server.counters('big');
			const biggestPart = (atFirstSkip.frameBytes / atFirstSkip.frames) * 2;
			await waitFor(() => server.counters('big').skipped >= atFirstSkip.skipped + 10, 'ten more skipped frames', 60_000);
			assert.ok(server.counters('big').bytes - atFirstSkip.bytes <= 2 * biggestPart, 'nothing piles up for the stalled client');
		} finally {
			socket.destroy();
			await server.close();
		}
	});
});
