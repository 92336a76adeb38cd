import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {Backoff, DEFAULT_BACKOFF_MS, DEFAULT_HEALTHY_MS, JITTER} from '../../source/camera/backoff.js';

const schedule = [1000, 2000, 5000] as const;

describe('Backoff', () => {
	test('walks up the schedule and repeats the last delay (no jitter at random = 0.5)', () => {
		const backoff = new Backoff(schedule, {random: () => 0.5});
		const delays = Array.from({length: 5}, (_, index) => backoff.next(index * 10));
		assert.deepEqual(delays, [1000, 2000, 5000, 5000, 5000]);
		assert.equal(backoff.attempt, 5);
	});

	test('jitter stays within ±20 % of the scheduled delay', () => {
		fc.assert(fc.property(fc.double({min: 0, max: 1, maxExcluded: true, noNaN: true}), fc.nat({max: 10}), (random, failures) => {
			const backoff = new Backoff(DEFAULT_BACKOFF_MS, {random: () => random});
			let delay = 0;
			for (let index = 0; index <= failures; index++) {
				delay = backoff.next(index);
			}

			const base = DEFAULT_BACKOFF_MS[Math.min(failures, DEFAULT_BACKOFF_MS.length - 1)]!;
			assert.ok(delay >= Math.floor(base * (1 - JITTER)), `${delay} < ${base} - 20%`);
			assert.ok(delay <= Math.ceil(base * (1 + JITTER)), `${delay} > ${base} + 20%`);
		}));
	});

	test('the extremes of random give the extremes of the jitter', () => {
		assert.equal(new Backoff([1000], {random: () => 0}).next(0), 800);
		assert.equal(new Backoff([1000], {random: () => 0.999_999}).next(0), 1200);
	});

	test('resets only after a healthy period of frames', () => {
		const backoff = new Backoff(schedule, {random: () => 0.5, healthyMs: 30_000});
		assert.equal(backoff.next(0), 1000);
		assert.equal(backoff.next(0), 2000);
		// A connection that delivers frames for 29 s is not yet healthy.
		backoff.progress(10_000);
		backoff.progress(39_000);
		assert.equal(backoff.next(39_500), 5000);
		// One that delivers for 30 s is: the schedule starts over.
		backoff.progress(50_000);
		backoff.progress(80_000);
		assert.equal(backoff.next(80_100), 1000);
		assert.equal(backoff.next(80_200), 2000);
	});

	test('a connection that opens and dies at once still backs off (no zero-delay loop)', () => {
		const backoff = new Backoff(DEFAULT_BACKOFF_MS, {random: () => 0.5});
		let now = 0;
		const delays: number[] = [];
		for (let index = 0; index < 8; index++) {
			backoff.progress(now);
			now += 5;
			delays.push(backoff.next(now));
			now += delays.at(-1)!;
		}

		assert.ok(delays.every(delay => delay >= 1000));
		assert.deepEqual(delays.slice(0, 6), [...DEFAULT_BACKOFF_MS]);
	});

	test('a long stall after a short live period does not count as healthy', () => {
		const backoff = new Backoff(schedule, {random: () => 0.5, healthyMs: DEFAULT_HEALTHY_MS});
		backoff.next(0);
		backoff.progress(1000);
		backoff.progress(2000);
		// Failure detected long after the last frame: healthy time is measured to the last frame.
		assert.equal(backoff.next(60_000), 2000);
	});

	test('slow failures jump to the end of the schedule and keep counting', () => {
		const backoff = new Backoff(schedule, {random: () => 0.5});
		assert.equal(backoff.next(0, {slow: true}), 5000);
		assert.equal(backoff.next(1, {slow: false}), 2000);
		backoff.reset();
		assert.equal(backoff.next(2), 1000);
	});

	test('rejects an empty or invalid schedule', () => {
		assert.throws(() => new Backoff([]), RangeError);
		assert.throws(() => new Backoff([1, Number.NaN]), RangeError);
		assert.throws(() => new Backoff([-1]), RangeError);
	});
});
