import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Compositor} from '../../source/render/compositor.js';
import type {Downsampled} from '../../source/render/downsample.js';
import {RenderLoop, TICK_BUDGET_MS, type VideoSource} from '../../source/render/render-loop.js';
import type {Frame} from '../../source/ingest/types.js';
import {until} from '../helpers/until.js';

/*
A tick starts decodes for at most TICK_BUDGET_MS (by the loop's clock) and goes on in the
next turn, so synchronous decodes of many tiles do not hold keys and socket data back; the
next turn starts with the first tile it did not reach, so no tile starves.
*/

/** A camera whose newest frame is always newer than the one shown: every tile always wants a decode. */
class EndlessSource implements VideoSource {
	readonly data: Uint8Array;
	#seq = 0;

	constructor(id: number) {
		this.data = new Uint8Array([id]);
	}

	get latest(): {frame: Frame; seq: number} {
		return {frame: {data: this.data, headers: []}, seq: ++this.#seq};
	}
}

/** A decoder that takes `cost` ms of the fake clock, synchronously, as the DC decoder takes real time. */
function slowDecoder(clock: {now: number}, cost: number) {
	const decoded: number[] = [];
	const decode = async (jpeg: Uint8Array, width: number, height: number): Promise<Downsampled> => {
		decoded.push(jpeg[0]!);
		clock.now += cost;
		return Promise.resolve({data: new Uint8Array(width * height * 3).fill(90), width, height, sourceWidth: width, sourceHeight: height});
	};

	return {decoded, decode};
}

function tiles(count: number) {
	return Array.from({length: count}, (_, index) => ({id: String(index), rect: {x: index * 4, y: 0, width: 4, height: 2}, source: new EndlessSource(index)}));
}

describe('RenderLoop tick budget', () => {
	test('a tick stops starting decodes after the budget and the rest follow in the next turns', async () => {
		const clock = {now: 1000};
		const cost = 3;
		const {decoded, decode} = slowDecoder(clock, cost);
		const loop = new RenderLoop({sink: new Compositor({write: () => true, once: () => undefined}, 40, 4), fps: 1, decode, now: () => clock.now});
		loop.start();
		try {
			// setTiles ticks at once: decodes start at +0, +3 and +6 ms; at +9 the budget is spent.
			loop.setTiles(tiles(10));
			assert.equal(decoded.length, Math.ceil(TICK_BUDGET_MS / cost));
			await until(() => decoded.length >= 10, 'every tile decoded');
			assert.deepEqual(decoded.slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'each tile once, in order');
		} finally {
			loop.stop();
		}
	});

	test('when every tick runs out of time, the tiles take turns: none starves', async () => {
		const clock = {now: 1000};
		// Each decode costs more than the budget (one decode a tick) and a third of the pacing
		// period at fps 1: the first tiles are due again before the last ones were reached.
		const {decoded, decode} = slowDecoder(clock, 300);
		const loop = new RenderLoop({sink: new Compositor({write: () => true, once: () => undefined}, 40, 4), fps: 1, decode, now: () => clock.now});
		loop.start();
		try {
			loop.setTiles(tiles(8));
			await until(() => decoded.length >= 8, 'eight decodes');
			assert.deepEqual(new Set(decoded.slice(0, 8)).size, 8, `every tile in the first eight decodes: ${decoded.join(',')}`);
		} finally {
			loop.stop();
		}
	});

	test('a stopped loop ticked by hand still decodes every tile at once', () => {
		const clock = {now: 1000};
		const {decoded, decode} = slowDecoder(clock, 5);
		const loop = new RenderLoop({sink: new Compositor({write: () => true, once: () => undefined}, 40, 4), fps: 1, decode, now: () => clock.now});
		loop.setTiles(tiles(6));
		assert.equal(decoded.length, 6);
	});
});
