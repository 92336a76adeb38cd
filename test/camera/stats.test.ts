import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {BUCKET_MS, CameraStats, SlidingRate} from '../../source/camera/stats.js';

describe('SlidingRate', () => {
	test('reads zero before any event', () => {
		assert.equal(new SlidingRate().rate(12_345), 0);
	});

	test('a steady 10/s stream reads 10/s once a second has passed', () => {
		const rate = new SlidingRate();
		for (let t = 5000; t < 8000; t += 100) {
			rate.add(t, 1);
		}

		assert.equal(rate.rate(8000), 10);
		assert.equal(rate.rate(8050), 10);
	});

	test('a 25 fps stream reads 25 fps', () => {
		const rate = new SlidingRate();
		for (let t = 0; t < 3000; t += 40) {
			rate.add(t, 1);
		}

		assert.equal(rate.rate(3000), 25);
	});

	test('the rate decays to zero a second after the last event', () => {
		const rate = new SlidingRate();
		for (let t = 0; t < 2000; t += 50) {
			rate.add(t, 100);
		}

		assert.equal(rate.rate(2000), 2000);
		assert.equal(rate.rate(2500), 1000);
		assert.equal(rate.rate(3000), 0);
		assert.equal(rate.rate(60_000), 0);
	});

	test('before a full second it is taken over the time since the first event', () => {
		const rate = new SlidingRate();
		rate.add(1000, 1);
		rate.add(1100, 1);
		rate.add(1200, 1);
		// Three whole buckets (1000–1300 ms) hold three events.
		assert.equal(rate.rate(1300), 10);
	});

	test('stale buckets from an old lap of the ring are not counted', () => {
		const rate = new SlidingRate();
		rate.add(0, 50);
		rate.add(10 * BUCKET_MS * 3, 1);
		assert.equal(rate.rate((10 * BUCKET_MS * 3) + BUCKET_MS), 1);
	});
});

describe('CameraStats', () => {
	test('totals, rates and the average since live', () => {
		const stats = new CameraStats();
		stats.startLive();
		for (let index = 0; index < 31; index++) {
			const now = 1000 + (index * 100);
			stats.addBytes(now, 2000);
			stats.addFrames(now, 1);
		}

		assert.equal(stats.frames, 31);
		assert.equal(stats.bytes, 62_000);
		assert.equal(stats.lastFrameAt, 4000);
		assert.equal(stats.fpsAverage(), 10);
		assert.equal(stats.fps(4000), 10);
		assert.equal(stats.bytesPerSecond(4000), 20_000);
	});

	test('a new live period restarts the average but not the totals', () => {
		const stats = new CameraStats();
		stats.addFrames(0, 1);
		stats.addFrames(1000, 1);
		assert.equal(stats.fpsAverage(), 1);
		stats.startLive();
		assert.equal(stats.fpsAverage(), 0);
		stats.addFrames(5000, 1);
		stats.addFrames(5200, 1);
		stats.addFrames(5400, 1);
		assert.equal(stats.fpsAverage(), 5);
		assert.equal(stats.frames, 5);
	});
});
