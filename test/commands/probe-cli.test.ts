import {rm, writeFile} from 'node:fs/promises';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {ProbeDocument} from '../../source/commands/probe-report.js';
import {probeCamera} from '../../source/commands/probe.js';
import {buildReport} from '../../source/commands/probe-report.js';
import {startServer, waitFor} from '../camera/helpers.js';
import {noiseJpeg} from '../fixtures/jpegs.js';
import {runCamtop} from './cli-helper.js';
import {ffmpegMissing, isListening, startFfmpegMjpegServer} from '../helpers/ffmpeg.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {demoFixture} from '../helpers/demo-fixture.js';

// eslint-disable-next-line no-control-regex -- looking for raw control characters is the point
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('camtop probe on the command line', {timeout: 90_000}, () => {
	const demo = demoFixture('camtop-probe-', [
		// Slow and small: a steady stream even on a busy machine, so it stays healthy.
		{name: 'healthy', width: 64, height: 48, fps: 5},
		{name: 'short', width: 64, height: 48, fps: 10, anomalies: {wrongLength: {every: 2, delta: -2}}},
		{name: 'second', width: 64, height: 48, fps: 5},
	]);

	test('--json on a healthy stream: the documented object, exit 0', async () => {
		const result = await runCamtop(['probe', demo.urlOf('healthy'), '--duration', '1.5s', '--json'], {cwd: demo.directory});
		assert.equal(result.code, 0, result.stderr);
		const document = JSON.parse(result.stdout.toString('utf8')) as ProbeDocument;
		assert.equal(document.version, 1);
		assert.equal(document.healthy, true);
		assert.equal(document.exitCode, 0);
		const [camera] = document.cameras;
		assert.ok(camera);
		assert.deepEqual(Object.keys(camera), [
			'name', 'url', 'healthy', 'durationMs', 'end', 'recording', 'connected', 'status', 'headers', 'contentType', 'framing', 'boundary', 'partHeaderNames',
			'frames', 'bytes', 'fps', 'cameraFps', 'bytesPerSecond', 'resolution', 'jpeg', 'frameSize', 'contentLength', 'skippedBytes', 'resyncs',
			'nonJpegParts', 'oversizedFrames', 'timing', 'error', 'findings',
		]);
		assert.equal(camera.end, 'duration');
		assert.deepEqual(camera.status, {code: 200, text: 'OK'});
		assert.equal(camera.headers['content-type'], 'multipart/x-mixed-replace; boundary=camtopframe');
		assert.ok(camera.frames.good >= 4, `${camera.frames.good} frames in 1.5 s at 5 fps`);
		assert.deepEqual(camera.findings.filter(finding => finding.severity !== 'info'), []);
	});

	test('a camera with a problem or a warning exits 1; the text names the finding', async () => {
		const result = await runCamtop(['probe', demo.urlOf('short'), '-d', '1s'], {cwd: demo.directory});
		assert.equal(result.code, 1, result.stderr);
		const text = result.stdout.toString('utf8');
		// Timing findings (jitter) may join on a busy machine; the Content-Length one must be there.
		assert.match(text, /\d warnings? · HTTP 200 OK · probed 1\.\d s/);
		const short = /! warning {2}Content-Length is 2 bytes short on \d+% of parts \((\d+) of (\d+)\)/.exec(text);
		assert.ok(short, text);
		// The simulator shortens every second part.
		const [shortParts, parts] = [Number(short[1]), Number(short[2])];
		assert.ok(shortParts >= Math.floor(parts / 2) && shortParts <= Math.ceil(parts / 2), `${shortParts} of ${parts}`);
		assert.doesNotMatch(text, controls);
	});

	test('--config: every camera, in parallel, each in its own report; a 404 is a problem', async () => {
		const missing = await startServer((_request, response) => {
			response.writeHead(404).end('no such stream');
		});
		try {
			await writeFile(path.join(demo.directory, 'cameras.json'), JSON.stringify({cameras: [
				{name: 'first', url: demo.urlOf('healthy')},
				{name: 'gone', url: `${missing.url}/video`},
				{name: 'second', url: demo.urlOf('second'), password: 'hunter2', username: 'admin'},
			]}));
			const started = Date.now();
			const result = await runCamtop(['probe', '--config', 'cameras.json', '-d', '2s', '--json'], {cwd: demo.directory});
			assert.equal(result.code, 1, result.stderr);
			const document = JSON.parse(result.stdout.toString('utf8')) as ProbeDocument;
			assert.deepEqual(document.cameras.map(camera => [camera.name, camera.healthy]), [['first', true], ['gone', false], ['second', true]]);
			const gone = document.cameras[1]!;
			assert.deepEqual(gone.status, {code: 404, text: 'Not Found'});
			assert.deepEqual(gone.findings.map(finding => [finding.id, finding.severity]), [['http-status', 'problem']]);
			assert.doesNotMatch(result.stdout.toString('utf8'), /hunter2/);
			// Two 2 s probes one after the other would take over 4 s (plus start-up): they ran side by side.
			assert.ok(document.cameras[0]!.durationMs >= 2000 && document.cameras[2]!.durationMs >= 2000);
			assert.ok(Date.now() - started < 30_000);
			// NAME picks a camera from ./cameras.json.
			const named = await runCamtop(['probe', 'gone', '-d', '1s'], {cwd: demo.directory});
			assert.equal(named.code, 1);
			assert.match(named.stdout.toString('utf8'), /✗ problem {2}the camera answered HTTP 404 Not Found/);
		} finally {
			await missing.close();
			await rm(path.join(demo.directory, 'cameras.json'), {force: true});
		}
	});

	test('usage and config errors exit 2', async () => {
		const duration = await runCamtop(['probe', demo.urlOf('healthy'), '--duration', 'soon'], {cwd: demo.directory});
		assert.equal(duration.code, 2);
		assert.match(duration.stderr, /ERR_USAGE: --duration must be a duration like 5s/);
		const unknown = await runCamtop(['probe', 'lobby'], {cwd: demo.directory});
		assert.equal(unknown.code, 2);
		assert.match(unknown.stderr, /no camera named "lobby" in a cameras file/);
		const nothing = await runCamtop(['probe'], {cwd: demo.directory});
		assert.equal(nothing.code, 2);
		const config = await runCamtop(['probe', '--config', 'nope.json'], {cwd: demo.directory});
		assert.equal(config.code, 2);
		assert.match(config.stderr, /ERR_CONFIG: nope\.json: cannot read the cameras file/);
		const flag = await runCamtop(['probe', '--frobnicate'], {cwd: demo.directory});
		assert.equal(flag.code, 2);
	});

	test('camera-sent text is sanitized in the text report and escaped in JSON; passwords never shown', async () => {
		const jpeg = await noiseJpeg(16, 16);
		// A raw server: Node's own would refuse these header bytes. (Node's HTTP client refuses C0
		// controls in response headers, but lets 0x80-0xFF through; part headers are ours to parse.)
		const sockets = new Set<net.Socket>();
		const evil = net.createServer(socket => {
			sockets.add(socket);
			socket.on('error', () => undefined);
			socket.end(Buffer.concat([
				Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: multipart/x-mixed-replace; boundary=b\r\nServer: cam\x9B31m\r\n\r\n', 'latin1'),
				Buffer.from(`--b\r\nContent-Type: image/jpeg\r\nX-Part\u001B[5m: 1\r\nContent-Length: ${jpeg.length}\r\n\r\n`, 'latin1'),
				jpeg,
				Buffer.from('\r\n--b--\r\n'),
			]));
		});
		await new Promise<void>(resolve => {
			evil.listen(0, '127.0.0.1', resolve);
		});
		try {
			const url = `http://admin:s3cr%40t@127.0.0.1:${(evil.address() as AddressInfo).port}/stream?pwd=hunter2`;
			const text = await runCamtop(['probe', url, '-d', '1s'], {cwd: demo.directory});
			const output = text.stdout.toString('utf8');
			assert.equal(text.code, 1, text.stderr);
			assert.doesNotMatch(output, controls);
			assert.match(output, /Part headers {3}content-type, x-part\\x1b\[5m, content-length/);
			assert.match(output, /server: cam\\x9b31m/);
			assert.match(output, /admin:\*\*\*@127\.0\.0\.1:\d+\/stream\?pwd=\*\*\*/);
			assert.doesNotMatch(output, /s3cr|hunter2/);
			const json = await runCamtop(['probe', url, '-d', '1s', '--json'], {cwd: demo.directory});
			const raw = json.stdout.toString('utf8');
			assert.doesNotMatch(raw, controls);
			assert.doesNotMatch(raw, /s3cr|hunter2/);
			const document = JSON.parse(raw) as ProbeDocument;
			assert.deepEqual(document.cameras[0]!.partHeaderNames, ['content-type', 'x-part\u001B[5m', 'content-length']);
			assert.equal(document.cameras[0]!.headers['server'], 'cam\u009B31m');
		} finally {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				evil.close(resolve);
			});
		}
	});
});

test('probe against ffmpeg\'s own MJPEG server (one client only)', {timeout: 30_000, skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
	const ffmpeg = await startFfmpegMjpegServer();
	try {
		// ffmpeg serves exactly one client: wait for its listening socket without connecting.
		await waitFor(() => isListening(ffmpeg.port), 'ffmpeg to listen', 15_000);
		const report = buildReport(await probeCamera({name: 'ffmpeg', url: ffmpeg.url}, {durationMs: 2500}));
		assert.equal(report.connected, true);
		assert.equal(report.contentType, 'application/octet-stream');
		assert.equal(report.framing, 'multipart');
		assert.deepEqual(report.boundary, {declared: null, expectedDelimiter: null, seenDelimiter: '--ffmpeg', matches: null});
		assert.deepEqual(report.resolution, {width: 640, height: 360});
		assert.equal(report.jpeg?.process, 'baseline');
		assert.equal(report.frames.corrupt, 0);
		assert.ok(report.frames.good >= 15, `${report.frames.good} frames in 2.5 s at 10 fps`);
		assert.ok(report.fps !== null && Math.abs(report.fps - 10) < 1, `fps ${report.fps}`);
		assert.equal(report.contentLength.partsWithLength, report.frames.total);
		assert.equal(report.contentLength.mismatches, 0);
		// Arrival jitter is a fact about this machine's load at the time (ffmpeg's -re pacing on a
		// busy CI core), not about ffmpeg's framing, so it is left out of the framing findings.
		assert.deepEqual(report.findings.filter(finding => finding.severity !== 'info' && finding.id !== 'jitter').map(finding => finding.id), ['content-type', 'boundary-missing']);
		assert.equal(report.healthy, false);
	} finally {
		await ffmpeg.stop();
	}
});
