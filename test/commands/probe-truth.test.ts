import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {startDemoServer, type DemoCameraOptions, type DemoServer} from '../../source/demo/simulator.js';
import {probeCameras} from '../../source/commands/probe.js';
import {buildReport, type ProbeReport} from '../../source/commands/probe-report.js';

/** Small pictures at a brisk rate: each crafted stream is over in well under a second. */
const FRAMES = 24;
const crafted = (name: string, anomalies: DemoCameraOptions['anomalies'], quirk: DemoCameraOptions['quirk'] = 'standard'): DemoCameraOptions =>
	({name, width: 96, height: 64, fps: 40, frames: FRAMES, quirk, anomalies});

const finding = (report: ProbeReport, id: string) => report.findings.filter(entry => entry.id === id);

describe('probe against crafted streams: every anomaly counted exactly and named', {timeout: 60_000}, () => {
	let server: DemoServer;
	const reports = new Map<string, ProbeReport>();

	before(async () => {
		server = await startDemoServer([
			crafted('clean', undefined),
			crafted('short', {wrongLength: {every: 4, delta: -2}}),
			crafted('long', {wrongLength: {every: 5, delta: 300}}),
			crafted('missing', {missingLength: {every: 3}}),
			crafted('sniffed', {declaredBoundary: 'wrongboundary'}),
			// Not on the last part: after garbage the splitter also counts the close delimiter as skipped.
			crafted('garbage', {garbage: {every: 5, bytes: 37}}),
			crafted('corrupt', {corrupt: {every: 5}}),
			crafted('dashed', undefined, 'dashed-boundary'),
		], {keepFrames: true});
		// Long enough that every stream ends by itself, so the counts are final.
		const observations = await probeCameras(server.cameras.map(camera => ({name: camera.name, url: camera.url})), {durationMs: 30_000});
		for (const observation of observations) {
			reports.set(observation.config.name, buildReport(observation));
		}
	});

	after(async () => {
		await server.close();
	});

	const report = (name: string) => reports.get(name)!;

	test('frames, bytes and frame sizes equal what the simulator sent', () => {
		for (const camera of server.cameras) {
			const counters = server.counters(camera.name);
			const sent = server.sentFrames(camera.name);
			const {frames, bytes, frameSize, end} = report(camera.name);
			assert.equal(end, 'ended', camera.name);
			assert.equal(counters.connections, 1);
			assert.equal(frames.total, FRAMES, camera.name);
			assert.equal(frames.total, counters.frames, camera.name);
			assert.equal(bytes, counters.bytes, `${camera.name}: every body byte counted`);
			const sizes = sent.map(frame => frame.length);
			assert.deepEqual(frameSize, {min: Math.min(...sizes), avg: Math.round(sizes.reduce((a, b) => a + b, 0) / sizes.length), max: Math.max(...sizes)}, camera.name);
			assert.deepEqual(finding(report(camera.name), 'stream-ended').length, 1);
		}
	});

	test('a clean stream has nothing else to say', () => {
		const clean = report('clean');
		// Info-level notes (arrival jitter of eight streams served by this same process) are allowed.
		assert.deepEqual(clean.findings.filter(entry => entry.severity !== 'info').map(entry => entry.id), ['stream-ended']);
		assert.equal(clean.boundary.matches, true);
		assert.deepEqual(clean.resolution, {width: 96, height: 64});
		assert.deepEqual(clean.jpeg, {process: 'baseline', coding: 'huffman', subsampling: '4:2:0', components: 3});
		assert.equal(clean.timing.timestampedFrames, FRAMES);
		assert.deepEqual(clean.contentLength, {partsWithLength: FRAMES, partsWithoutLength: 0, mismatches: 0, errors: []});
		assert.equal(clean.resyncs, 0);
	});

	test('Content-Length short by 2 bytes on every 4th part', () => {
		const short = report('short');
		const wrong = server.counters('short').anomalies.wrongLength;
		assert.equal(wrong, FRAMES / 4);
		assert.equal(short.contentLength.mismatches, wrong);
		assert.deepEqual(short.contentLength.errors, [{delta: -2, parts: wrong}]);
		assert.equal(short.frames.good, FRAMES);
		assert.deepEqual(finding(short, 'content-length-wrong').map(entry => entry.message), [
			`Content-Length is 2 bytes short on 25% of parts (${wrong} of ${FRAMES}): clients that trust it cut frames or lose the stream`,
		]);
	});

	test('Content-Length 300 bytes too long on every 5th part', () => {
		const long = report('long');
		const wrong = server.counters('long').anomalies.wrongLength;
		assert.equal(long.contentLength.mismatches, wrong);
		assert.deepEqual(long.contentLength.errors, [{delta: 300, parts: wrong}]);
		assert.match(finding(long, 'content-length-wrong')[0]!.message, new RegExp(`^Content-Length is 300 bytes too long on 17% of parts \\(${wrong} of ${FRAMES}\\)`));
	});

	test('no Content-Length on every 3rd part', () => {
		const missing = report('missing');
		const count = server.counters('missing').anomalies.missingLength;
		assert.equal(count, FRAMES / 3);
		assert.equal(missing.contentLength.partsWithoutLength, count);
		assert.equal(missing.contentLength.partsWithLength, FRAMES - count);
		assert.equal(missing.contentLength.mismatches, 0);
		assert.match(finding(missing, 'content-length-missing')[0]!.message, new RegExp(`^no Content-Length on ${count} of ${FRAMES} parts: frames found by boundary search`));
	});

	test('a boundary that the body does not use is sniffed and named', () => {
		const sniffed = report('sniffed');
		assert.deepEqual(sniffed.boundary, {declared: 'wrongboundary', expectedDelimiter: '--wrongboundary', seenDelimiter: '--camtopframe', matches: false});
		assert.equal(sniffed.frames.good, FRAMES);
		assert.equal(finding(sniffed, 'boundary-mismatch')[0]!.message,
			'the header declares boundary `wrongboundary`, so parts should start with `--wrongboundary`, but the body uses `--camtopframe`: clients that follow RFC 2046 (OpenCV, browsers) find no frames');
		const dashed = report('dashed');
		assert.deepEqual(dashed.boundary, {declared: '--camtop', expectedDelimiter: '----camtop', seenDelimiter: '--camtop', matches: false});
		assert.equal(finding(dashed, 'boundary-mismatch').length, 1);
	});

	test('garbage between parts: each one is a resync, every byte counted', () => {
		const garbage = report('garbage');
		const {garbageParts, garbageBytes} = server.counters('garbage').anomalies;
		assert.equal(garbageParts, 4);
		assert.equal(garbage.resyncs, garbageParts);
		// The splitter counts the line end before the next delimiter as skipped while resyncing,
		// and the line end after the closing delimiter as epilogue (see the splitter's table tests).
		assert.equal(garbage.skippedBytes, garbageBytes + (2 * garbageParts) + 2);
		assert.equal(garbage.frames.good, FRAMES);
		assert.match(finding(garbage, 'garbage')[0]!.message, new RegExp(`^garbage between parts: framing was lost ${garbageParts} times and ${garbage.skippedBytes} bytes`));
	});

	test('corrupt JPEGs are counted and the good ones are not', () => {
		const corrupt = report('corrupt');
		const count = server.counters('corrupt').anomalies.corrupt;
		assert.equal(count, FRAMES / 5 | 0);
		assert.deepEqual(corrupt.frames, {total: FRAMES, good: FRAMES - count, corrupt: count, withTrailingBytes: 0});
		assert.equal(finding(corrupt, 'corrupt-frames')[0]!.message,
			`${count} of ${FRAMES} frames (17%) are corrupt JPEGs (the last one is cut off: no EOI marker at the end): decoders fail or show grey blocks`);
		assert.equal(finding(corrupt, 'corrupt-frames')[0]!.severity, 'warning');
	});
});

test('probe: fps over 10 s within 1% of the simulator\'s own frame timestamps, counts exact', {timeout: 60_000}, async () => {
	const fps = 20;
	const frames = 201;
	const server = await startDemoServer([{name: 'steady', width: 64, height: 48, fps, frames}], {keepFrames: true});
	try {
		const [observation] = await probeCameras([{name: 'steady', url: server.cameras[0]!.url}], {durationMs: 60_000});
		const report = buildReport(observation!);
		const counters = server.counters('steady');
		assert.equal(report.frames.total, frames);
		assert.equal(report.frames.total, counters.frames);
		assert.equal(report.bytes, counters.bytes);
		// The truth: the simulator's timestamps of its first and last frame, about 10 s apart.
		// Whatever rate a busy machine let the simulator keep, camtop must measure that rate.
		const truth = ((counters.frames - 1) * 1000) / (counters.lastFrameTime! - counters.firstFrameTime!);
		assert.ok(Math.abs(report.fps! - truth) / truth < 0.01, `received fps ${report.fps} vs ${truth}`);
		assert.ok(Math.abs(report.cameraFps! - truth) / truth < 0.01, `camera-clock fps ${report.cameraFps} vs ${truth}`);
		assert.equal(report.timing.timestampedFrames, frames);
	} finally {
		await server.close();
	}
});
