import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {FrameStats} from '../../source/camera/frame-stats.js';
import {parseTimestamp} from '../../source/camera/timestamp-header.js';
import {RecentWindow, RunningStats} from '../../source/camera/series.js';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import type {PartHeader} from '../../source/ingest/types.js';
import {noiseJpeg} from '../fixtures/jpegs.js';

const frame = (data: Uint8Array, headers: PartHeader[] = []) => ({data, headers});

describe('FrameStats', () => {
	test('sizes, good vs corrupt, JPEG header, Content-Length against the real length', async () => {
		const jpeg = await noiseJpeg(40, 30);
		const stats = new FrameStats();
		stats.connection(new FrameSplitter().stats);
		assert.equal(stats.add(frame(jpeg, [['Content-Length', String(jpeg.length)]]), 0).good, true);
		assert.equal(stats.add(frame(jpeg, [['content-length', String(jpeg.length - 2)]]), 100).good, true);
		assert.equal(stats.add(frame(jpeg, [['Content-Length', ` ${jpeg.length + 5}`]]), 200).good, true);
		const cut = stats.add(frame(jpeg.subarray(0, 100), [['Content-Length', '100']]), 300);
		assert.equal(cut.good, false);
		assert.match(cut.problem!, /cut off/);
		stats.add(frame(Buffer.concat([jpeg, Buffer.from('\r\n')])), 400);
		const diagnostics = stats.diagnostics();
		assert.equal(diagnostics.goodFrames, 4);
		assert.equal(diagnostics.corruptFrames, 1);
		assert.equal(diagnostics.framesWithTrailingBytes, 1);
		assert.deepEqual(diagnostics.frameSize, {min: 100, avg: ((jpeg.length * 4) + 100 + 2) / 5, max: jpeg.length + 2});
		assert.equal(diagnostics.jpeg?.width, 40);
		// ' 1234' is not a plain number: not counted as a length at all.
		assert.equal(diagnostics.partsWithLength, 3);
		assert.deepEqual(diagnostics.lengthErrors, [{delta: -2, parts: 1}]);
		assert.equal(stats.diagnostics(), diagnostics, 'the same object until something changes');
		assert.equal(diagnostics.arrivalJitter?.meanMs, 100);
		assert.equal(diagnostics.arrivalJitter?.percent, 0);
	});

	test('splitter counters add up over connections', () => {
		const stats = new FrameStats();
		const first = new FrameSplitter({contentType: 'multipart/x-mixed-replace; boundary=a'});
		stats.connection(first.stats);
		first.push(Buffer.from('garbage before anything\r\n--a\r\n'));
		const second = new FrameSplitter({contentType: 'multipart/x-mixed-replace; boundary=b'});
		stats.connection(second.stats);
		second.push(Buffer.from('more\r\n--b\r\n'));
		const diagnostics = stats.diagnostics();
		assert.equal(diagnostics.skippedBytes, first.stats.skippedBytes + second.stats.skippedBytes);
		assert.ok(diagnostics.skippedBytes > 20);
		assert.equal(diagnostics.declaredBoundary, 'b');
		assert.equal(diagnostics.seenBoundary, '--b');
	});

	test('X-Timestamp latency and jitter, and the camera-clock frame rate', async () => {
		const jpeg = await noiseJpeg(8, 8);
		const stats = new FrameStats();
		const base = 1_732_170_000_000;
		for (let index = 0; index < 11; index++) {
			const sent = base + (index * 100);
			stats.add(frame(jpeg, [['X-Timestamp', (sent / 1000).toFixed(3)]]), sent + 40 + (index % 2 === 0 ? 0 : 20));
		}

		const diagnostics = stats.diagnostics();
		assert.equal(diagnostics.timestampedFrames, 11);
		assert.deepEqual(diagnostics.latencyMs && {min: diagnostics.latencyMs.min, max: diagnostics.latencyMs.max}, {min: 40, max: 60});
		assert.ok(Math.abs(diagnostics.timestampJitter!.percent) < 1e-6);
		assert.ok(diagnostics.arrivalJitter!.percent > 15);
		const run = stats.run();
		assert.ok(Math.abs(run.cameraFps! - 10) < 1e-9);
		assert.equal(run.timestampedFrames, 11);
	});

	test('timestamps: seconds, milliseconds, microseconds, ISO dates, camera uptime', () => {
		assert.deepEqual(parseTimestamp('1732170000.123'), {ms: 1_732_170_000_123, wallClock: true});
		assert.deepEqual(parseTimestamp('1732170000123'), {ms: 1_732_170_000_123, wallClock: true});
		assert.deepEqual(parseTimestamp('1732170000123000'), {ms: 1_732_170_000_123, wallClock: true});
		assert.deepEqual(parseTimestamp('2026-11-21T07:05:12.500Z'), {ms: Date.UTC(2026, 10, 21, 7, 5, 12, 500), wallClock: true});
		assert.deepEqual(parseTimestamp('12345.5'), {ms: 12_345_500, wallClock: false});
		assert.equal(parseTimestamp('soon'), undefined);
		assert.equal(parseTimestamp(''), undefined);
	});

	test('running and windowed series', () => {
		const running = new RunningStats();
		const window = new RecentWindow(3);
		for (const value of [10, 20, 30, 40]) {
			running.add(value);
			window.add(value);
		}

		assert.deepEqual(running.spread(), {min: 10, avg: 25, max: 40});
		assert.deepEqual(window.spread(), {min: 20, avg: 30, max: 40});
		assert.ok(Math.abs(running.jitter()!.deviationMs - Math.sqrt(125)) < 1e-9);
		assert.equal(new RunningStats().spread(), undefined);
	});
});
