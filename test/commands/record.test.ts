import {once} from 'node:events';
import {existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {recordCamera} from '../../source/commands/record.js';
import {FrameFile} from '../../source/commands/recorder.js';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import {startServer, waitFor} from '../camera/helpers.js';
import {noiseJpeg} from '../fixtures/jpegs.js';
import {runCamtop, spawnCamtop, wholeFramePrefix} from './cli-helper.js';
import {demoFixture} from '../helpers/demo-fixture.js';

const FRAMES = 12;
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

describe('record', {timeout: 120_000}, () => {
	const demo = demoFixture('camtop-record-', [
		{name: 'raw', width: 64, height: 48, fps: 40, frames: FRAMES},
		{name: 'parts', width: 64, height: 48, fps: 40, frames: FRAMES},
		{name: 'broken', width: 64, height: 48, fps: 40, frames: FRAMES, anomalies: {corrupt: {every: 3}, wrongLength: {every: 4, delta: -2}}},
		{name: 'cli', width: 64, height: 48, fps: 40, frames: FRAMES},
		{name: 'full', width: 64, height: 48, fps: 40},
		// Endless streams for the signal tests, one per signal so each has a single client.
		...signals.map(signal => ({name: signal, width: 64, height: 48, fps: 20})),
	], {keepFrames: true});
	const file = (name: string) => path.join(demo.directory, name);

	test('raw: the file is the frames as sent, back to back, byte for byte', async () => {
		const result = await recordCamera({name: 'raw', url: demo.urlOf('raw')}, {path: file('raw.mjpg'), format: 'raw', frames: FRAMES});
		assert.equal(result.stop, 'frames');
		assert.equal(result.frames, FRAMES);
		const sent = demo.server.sentFrames('raw');
		assert.equal(sent.length, FRAMES);
		assert.ok(readFileSync(file('raw.mjpg')).equals(Buffer.concat(sent)));
		assert.equal(result.bytes, statSync(file('raw.mjpg')).size);
	});

	test('multipart: the file is the very body the camera sent, part headers and all', async () => {
		const result = await recordCamera({name: 'parts', url: demo.urlOf('parts')}, {path: file('parts.mjpg'), format: 'multipart', frames: FRAMES});
		assert.equal(result.frames, FRAMES);
		const recorded = readFileSync(file('parts.mjpg'));
		// Same length as the body the simulator wrote (closing delimiter included) …
		assert.equal(recorded.length, demo.server.counters('parts').bytes);
		// … and it splits into exactly the frames sent, each with the camera's headers in order.
		const splitter = new FrameSplitter();
		const frames = [...splitter.push(recorded), ...splitter.end()];
		assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), demo.server.sentFrames('parts'));
		assert.deepEqual(frames[0]!.headers.map(([name]) => name), ['Content-Type', 'Content-Length', 'X-Timestamp']);
		assert.equal(splitter.stats.skippedBytes, 2, 'nothing but the line end after the closing delimiter');
		assert.match(recorded.subarray(0, 120).toString('latin1'), /^--camtopframe\r\nContent-Type: image\/jpeg\r\nContent-Length: \d+\r\nX-Timestamp: \d+\.\d{3}\r\n\r\n\xFF\xD8/);
		assert.ok(recorded.subarray(-17).equals(Buffer.from('--camtopframe--\r\n')));
	});

	test('multipart: a fixed body comes back byte-identical', async () => {
		const jpegs = await Promise.all([1, 2, 3].map(async hue => noiseJpeg(24, 16, {hue})));
		const body = Buffer.concat([
			...jpegs.map(jpeg => Buffer.concat([Buffer.from(`--xyz\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\nX-Frame: a b\r\n\r\n`), jpeg, Buffer.from('\r\n')])),
			Buffer.from('--xyz--\r\n'),
		]);
		const camera = await startServer((_request, response) => {
			response.writeHead(200, {'Content-Type': 'multipart/x-mixed-replace; boundary=xyz'}).end(body);
		});
		try {
			const result = await recordCamera({name: 'fixed', url: camera.url}, {path: file('fixed.mjpg'), format: 'multipart', frames: 3});
			assert.equal(result.frames, 3);
			assert.ok(readFileSync(file('fixed.mjpg')).equals(body));
		} finally {
			await camera.close();
		}
	});

	test('frames arrive as they were sent even when they are broken: corrupt frames kept, wrong lengths corrected in multipart', async () => {
		const result = await recordCamera({name: 'broken', url: demo.urlOf('broken')}, {path: file('broken.mjpg'), format: 'raw', frames: FRAMES});
		assert.equal(result.frames, FRAMES);
		assert.ok(readFileSync(file('broken.mjpg')).equals(Buffer.concat(demo.server.sentFrames('broken'))));
		assert.equal(demo.server.counters('broken').anomalies.corrupt, 4);
	});

	test('a full disk is reported, and the file keeps no part of a frame', async () => {
		const frameFile = FrameFile.open('/dev/full', 'raw');
		assert.throws(() => {
			frameFile.write({data: Buffer.from([0xFF, 0xD8, 0xFF, 0xD9]), headers: []});
		}, {code: 'ERR_WRITE', message: /no space left on the device/});
		assert.equal(frameFile.frames, 0);
		assert.equal(frameFile.bytes, 0);
		assert.equal(frameFile.open, false);

		const result = await runCamtop(['record', demo.urlOf('full'), '-o', '/dev/full'], {cwd: demo.directory});
		assert.equal(result.code, 3, result.stderr);
		assert.match(result.stderr, /ERR_WRITE: cannot write \/dev\/full: no space left on the device/);
		assert.match(result.stderr, /recorded 0 frames/);
	});

	test('the CLI records --frames N to a file, byte-identical, and exits 0', async () => {
		const result = await runCamtop(['record', demo.urlOf('cli'), '-o', 'cli.mjpg', '--frames', String(FRAMES)], {cwd: demo.directory});
		assert.equal(result.code, 0, result.stderr);
		assert.match(result.stderr, new RegExp(`recorded ${FRAMES} frames \\(.+\\) from 127\\.0\\.0\\.1:\\d+/cli\\.mjpeg to cli\\.mjpg`));
		assert.ok(readFileSync(file('cli.mjpg')).equals(Buffer.concat(demo.server.sentFrames('cli'))));
	});

	test('usage errors exit 2', async () => {
		const missing = await runCamtop(['record', demo.urlOf('cli')], {cwd: demo.directory});
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /ERR_USAGE: say where the recording goes: -o FILE/);
		const format = await runCamtop(['record', demo.urlOf('cli'), '-o', 'x.mjpg', '--format', 'avi'], {cwd: demo.directory});
		assert.equal(format.code, 2);
		assert.match(format.stderr, /--format must be raw or multipart/);
		assert.equal(existsSync(file('x.mjpg')), false);
	});

	for (const signal of signals) {
		test(`${signal} stops a recording cleanly: whole frames only, flushed and closed, exit 0`, async () => {
			const output = file(`${signal}.mjpg`);
			const child = spawnCamtop(['record', demo.urlOf(signal), '-o', output], {cwd: demo.directory});
			const exited = once(child, 'exit');
			try {
				await waitFor(() => demo.server.counters(signal).frames >= 4 && existsSync(output) && statSync(output).size > 0, 'a few frames recorded', 20_000);
				process.kill(child.pid!, signal);
				const [code] = await exited as [number | null];
				assert.equal(code, 0, child.stderrText());
				const recorded = readFileSync(output);
				const whole = wholeFramePrefix(recorded, demo.server.sentFrames(signal));
				assert.ok(whole >= 3, `the file is ${whole} whole frames from the first one sent`);
				assert.match(child.stderrText(), new RegExp(`recorded ${whole} frames`));
			} finally {
				if (child.exitCode === null && child.signalCode === null) {
					child.kill('SIGKILL');
				}
			}
		});
	}
});
