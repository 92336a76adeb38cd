import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {until} from '../helpers/until.js';
import {obtainMinorGc, YoungCollector} from '../../source/memory/young-gc.js';

/** A clock the test moves by hand. */
function manualClock(start = 1000) {
	let now = start;
	return {
		now: () => now,
		advance(ms: number) {
			now += ms;
		},
	};
}

describe('YoungCollector', () => {
	test('collects once the byte threshold is reached, not before', () => {
		const clock = manualClock();
		let calls = 0;
		const collector = new YoungCollector({collect: () => calls++, everyBytes: 1000, minIntervalMs: 100, now: clock.now});
		clock.advance(500);
		assert.equal(collector.add(400), false);
		assert.equal(collector.add(599), false);
		assert.equal(calls, 0);
		assert.equal(collector.add(1), true);
		assert.equal(calls, 1);
		assert.equal(collector.collections, 1);
		// The count starts again after a collection.
		clock.advance(500);
		assert.equal(collector.add(999), false);
		assert.equal(collector.add(1), true);
		assert.equal(calls, 2);
	});

	test('never collects more often than the interval, however many bytes come', () => {
		const clock = manualClock();
		let calls = 0;
		const collector = new YoungCollector({collect: () => calls++, everyBytes: 10, minIntervalMs: 250, now: clock.now});
		// 1000 frames of 100 bytes over 1000 ms: the byte threshold is met every time, the interval allows one per 250 ms.
		for (let index = 0; index < 1000; index++) {
			clock.advance(1);
			collector.add(100);
		}

		assert.equal(calls, 4);
	});

	test('bytes counted while held back trigger the first frame after the interval', () => {
		const clock = manualClock();
		let calls = 0;
		const collector = new YoungCollector({collect: () => calls++, everyBytes: 100, minIntervalMs: 250, now: clock.now});
		clock.advance(10);
		assert.equal(collector.add(500), false);
		clock.advance(240);
		assert.equal(collector.add(1), true);
		assert.equal(calls, 1);
	});
});

describe('obtainMinorGc', () => {
	test('gives a function that runs a minor collection and frees dead buffers', async () => {
		const collect = obtainMinorGc();
		assert.ok(collect, 'node 20+ lets --expose-gc be set at run time');
		const before = process.memoryUsage().arrayBuffers;
		let dead: Uint8Array[] | undefined = Array.from({length: 64}, () => new Uint8Array(100_000));
		assert.equal(dead.length, 64);
		dead = undefined;
		collect();
		// V8 may sweep array buffers on a background thread after the collection: wait (bounded) for the 6.4 MB to go.
		await until(() => process.memoryUsage().arrayBuffers < before + 3_000_000, 'dead buffers freed by the minor collection');
	});
});
