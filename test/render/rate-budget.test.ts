import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {MIN_BUDGET_FPS, budgetStep} from '../../source/render/rate-budget.js';
import {parseMode, parseRate} from '../../source/render/render-flags.js';
import {RenderLoop, type VideoSource} from '../../source/render/render-loop.js';
import type {Frame} from '../../source/ingest/types.js';

describe('byte budget', () => {
	test('over the budget: fps comes down in proportion first, colour depth only at the lowest fps', () => {
		assert.deepEqual(budgetStep({rate: 2_000_000, limit: 1_000_000, fps: 15, cap: 15, degraded: false, canLower: true}), {fps: 6, depth: 'keep'});
		assert.deepEqual(budgetStep({rate: 1_050_000, limit: 1_000_000, fps: 15, cap: 15, degraded: false, canLower: true}), {fps: 12, depth: 'keep'});
		assert.deepEqual(budgetStep({rate: 3_000_000, limit: 1_000_000, fps: MIN_BUDGET_FPS, cap: 15, degraded: false, canLower: true}), {fps: MIN_BUDGET_FPS, depth: 'lower'});
		assert.deepEqual(budgetStep({rate: 3_000_000, limit: 1_000_000, fps: MIN_BUDGET_FPS, cap: 15, degraded: true, canLower: false}), {fps: MIN_BUDGET_FPS, depth: 'keep'});
	});

	test('under the budget: depth comes back first, then fps one step at a time, never over the cap', () => {
		assert.deepEqual(budgetStep({rate: 100_000, limit: 1_000_000, fps: 1, cap: 15, degraded: true, canLower: true}), {fps: 1, depth: 'raise'});
		assert.deepEqual(budgetStep({rate: 300_000, limit: 1_000_000, fps: 3, cap: 15, degraded: false, canLower: true}), {fps: 4, depth: 'keep'});
		assert.deepEqual(budgetStep({rate: 700_000, limit: 1_000_000, fps: 7, cap: 15, degraded: false, canLower: true}), {fps: 7, depth: 'keep'});
		assert.deepEqual(budgetStep({rate: 0, limit: 1_000_000, fps: 15, cap: 15, degraded: false, canLower: true}), {fps: 15, depth: 'keep'});
		assert.deepEqual(budgetStep({rate: 0, limit: 1_000_000, fps: 20, cap: 10, degraded: false, canLower: true}), {fps: 10, depth: 'keep'});
	});

	test('--max-rate and --mode parsing', () => {
		assert.equal(parseRate('1MB/s'), 1_000_000);
		assert.equal(parseRate('500kB/s'), 500_000);
		assert.equal(parseRate('300KiB'), 307_200);
		assert.equal(parseRate('2.5 M/s'), 2_500_000);
		assert.equal(parseRate('250000'), 250_000);
		for (const bad of ['', 'fast', '1 GB/s', '-1MB/s', '10']) {
			assert.throws(() => parseRate(bad), {code: 'ERR_USAGE'});
		}

		assert.equal(parseMode('sixel'), 'sixel');
		assert.equal(parseMode('auto'), 'auto');
		assert.throws(() => parseMode('vga'), {code: 'ERR_USAGE'});
	});

	test('the render loop steps fps, then mode, down under a tight budget and reports it', async () => {
		let clock = 0;
		let written = 0;
		const sink = {
			setVideo(_id: string, _rect: unknown, draw: (grid: never, rect: never) => void) {
				void draw;
			},
			removeVideo() {
				// Nothing on screen to remove.
			},
			flush() {
				written += 50_000;
				return 50_000;
			},
		};
		const jpeg = await sharp({create: {width: 64, height: 36, channels: 3, background: {r: 9, g: 9, b: 9}}}).jpeg().toBuffer();
		let seq = 0;
		const source: VideoSource = {
			get latest(): {frame: Frame; seq: number} {
				return {frame: {data: jpeg, headers: []}, seq: ++seq};
			},
		};
		const loop = new RenderLoop({sink, fps: 10, maxRate: 20_000, now: () => clock});
		loop.setTiles([{id: 'a', rect: {x: 0, y: 0, width: 8, height: 4}, source}]);
		const modes: string[] = [];
		for (let second = 0; second < 12; second++) {
			loop.requestFlush();
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			clock += 1000;
			const stats = loop.stats();
			modes.push(`${stats.mode}@${stats.fps}`);
		}

		assert.ok(written > 0);
		// 50 kB/s against 20 kB/s: fps 10 → 3 → 1, and only then 256, 16, ascii colours.
		assert.deepEqual(modes.slice(0, 5), ['truecolor@3', 'truecolor@1', '256@1', '16@1', 'ascii@1'], modes.join(' '));
		assert.equal(loop.stats().chosenMode, 'truecolor');
		loop.setMode('256');
		assert.equal(loop.stats().mode, '256');
		loop.stop();
	});
});
