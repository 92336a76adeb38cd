import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {CellGrid, WIDE_TAIL} from '../../source/render/cell-grid.js';
import {OutputGate} from '../../source/render/output-gate.js';
import {normalizeRect, sameRect} from '../../source/render/rect.js';
import {RenderSchedule} from '../../source/render/render-schedule.js';
import {MAX_FPS, RenderSpeed} from '../../source/render/render-speed.js';
import {chromeLead} from '../../source/render/screen-compose.js';
import {PACE_SLACK, framesSkipped, invalidateTile, newTileState, pace, syncTiles, type TileState, type VideoSource} from '../../source/render/tile-state.js';
import {currentOnly} from '../../source/render/tile-painting.js';
import {until} from '../helpers/until.js';

const source: VideoSource = {latest: undefined};
const rect = {x: 0, y: 0, width: 10, height: 5};

describe('RenderSpeed', () => {
	test('clamps the cap to 1..MAX_FPS and reports whether the fps in force changed', () => {
		const speed = new RenderSpeed({fps: 15, mode: 'truecolor', maxRate: undefined, now: 0});
		assert.equal(speed.setCap(15), false);
		assert.equal(speed.setCap(500), true);
		assert.equal(speed.fps, MAX_FPS);
		assert.equal(speed.setCap(0), true);
		assert.equal(speed.cap, 1);
	});

	test('rates come from one-second windows; without a budget nothing changes', () => {
		const speed = new RenderSpeed({fps: 10, mode: 'truecolor', maxRate: undefined, now: 0});
		speed.countRendered();
		speed.countRendered();
		speed.countBytes(3000);
		assert.deepEqual(speed.update(500), {fpsChanged: false, mode: undefined});
		assert.equal(speed.outputBytesPerSecond, 0);
		assert.deepEqual(speed.update(2000), {fpsChanged: false, mode: undefined});
		assert.equal(speed.renderedPerSecond, 1);
		assert.equal(speed.outputBytesPerSecond, 1500);
	});

	test('over the budget the fps comes down first, then the colour depth steps down the ladder and back', () => {
		const speed = new RenderSpeed({fps: 4, mode: 'sixel', maxRate: 1000, now: 0});
		let now = 0;
		const second = (bytes: number) => {
			speed.countBytes(bytes);
			now += 1000;
			return speed.update(now);
		};

		const modes: string[] = [];
		for (let index = 0; index < 20 && modes.length < 4; index++) {
			const change = second(100_000);
			if (change.mode) {
				modes.push(change.mode);
			}
		}

		assert.equal(speed.fps, 1);
		// An image mode steps to truecolor first, then down the text modes.
		assert.deepEqual(modes, ['truecolor', '256', '16', 'ascii']);
		assert.equal(second(0).mode, '16');
		speed.choose('256');
		assert.equal(speed.chosenMode, '256');
		// The ladder starts again at the chosen mode: nothing to raise back to.
		for (let index = 0; index < 10; index++) {
			assert.equal(second(0).mode, undefined);
		}

		assert.equal(speed.fps, 4);
	});
});

describe('tile state', () => {
	test('pace keeps the long-run rate at the fps (with its slack) and lets a frame come half a period early', () => {
		const state = newTileState({id: 'a', rect, source});
		// fps 10 with 5 % slack: a period of 1000 / 10.5 ms.
		const period = 1000 / (10 * PACE_SLACK);
		pace(state, 0, 10);
		assert.equal(state.due, period / 2);
		pace(state, 60, 10);
		assert.equal(state.due, (period / 2) + period);
		pace(state, 1000, 10);
		assert.equal(state.due, 1000 + (period / 2));
	});

	test('a source a little faster than the cap is never held back, one much faster is paced', () => {
		const run = (intervalMs: number, fps: number) => {
			const state = newTileState({id: 'a', rect, source});
			let waits = 0;
			let starts = 0;
			for (let time = 0; time < 60_000; time += intervalMs) {
				if (time >= state.due) {
					pace(state, time, fps);
					starts++;
				} else {
					waits++;
				}
			}

			return {waits, starts};
		};

		// A camera's 66 ms timer at --fps 15: every frame starts when it arrives.
		assert.equal(run(66, 15).waits, 0);
		// A 30 fps camera at --fps 15: about every other frame, never above the cap and its slack.
		const fast = run(1000 / 30, 15);
		assert.ok(fast.starts <= 60 * 15 * PACE_SLACK + 1 && fast.starts >= 60 * 14, `${fast.starts} starts in 60 s`);
	});

	test('framesSkipped counts frames passed over between decodes', () => {
		const state = newTileState({id: 'a', rect, source});
		assert.equal(framesSkipped(state, 7), 0);
		state.decodedSeq = 7;
		assert.equal(framesSkipped(state, 8), 0);
		assert.equal(framesSkipped(state, 12), 4);
	});

	test('syncTiles adds, invalidates moved tiles, forgets hidden ones', () => {
		const states = new Map<string, TileState>();
		const dropped: string[] = [];
		const drop = (id: string) => dropped.push(id);
		syncTiles(states, [{id: 'a', rect, source}, {id: 'b', rect, source}], drop);
		assert.deepEqual([...states.keys()], ['a', 'b']);
		const a = states.get('a')!;
		a.shownSeq = 3;
		a.picture = {data: new Uint8Array(3), width: 1, height: 1};
		const b = states.get('b')!;
		b.shownSeq = 3;

		syncTiles(states, [{id: 'a', rect: {...rect, width: 11}, source}, {id: 'b', rect, source}], drop);
		assert.deepEqual(dropped, ['a']);
		assert.equal(a.generation, 1);
		assert.equal(a.shownSeq, -1);
		assert.equal(a.picture, undefined);
		assert.equal(b.shownSeq, 3);

		syncTiles(states, [{id: 'b', rect, source}], drop);
		assert.deepEqual(dropped, ['a', 'a']);
		assert.deepEqual([...states.keys()], ['b']);
		invalidateTile(b);
		assert.equal(b.due, Number.NEGATIVE_INFINITY);
	});
});

describe('RenderSchedule', () => {
	test('tickSoon and flushSoon coalesce calls of one turn; tickSoon does nothing when stopped', async () => {
		let ticks = 0;
		let flushes = 0;
		const schedule = new RenderSchedule({tick: () => ticks++, flush: () => flushes++});
		schedule.tickSoon();
		schedule.flushSoon();
		schedule.flushSoon();
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(ticks, 0);
		assert.equal(flushes, 1);

		schedule.start(1);
		assert.equal(schedule.running, true);
		schedule.tickSoon();
		schedule.tickSoon();
		await until(() => ticks === 1, 'one tick');
		schedule.wakeAt(1);
		await until(() => ticks === 2, 'the wake-up');
		schedule.stop();
		assert.equal(schedule.running, false);
		schedule.wakeAt(1);
		schedule.tickSoon();
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(ticks, 2);
	});

	test('flushSoon writes nothing after stop(), also when asked just before it', async () => {
		let flushes = 0;
		const schedule = new RenderSchedule({tick: () => undefined, flush: () => flushes++});
		schedule.start(1);
		schedule.flushSoon();
		schedule.stop();
		await new Promise(resolve => setImmediate(resolve));
		schedule.flushSoon();
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(flushes, 0);
		schedule.start(1);
		schedule.flushSoon();
		await until(() => flushes === 1, 'a flush once started again');
		schedule.stop();
	});
});

describe('compositor parts', () => {
	test('OutputGate closes on a refused write and opens on drain, telling the owner', () => {
		const emitter = new EventEmitter();
		let accept = false;
		const written: string[] = [];
		const output = Object.assign(emitter, {
			write(data: string) {
				written.push(data);
				return accept;
			},
		});
		let drained = 0;
		const gate = new OutputGate(output, () => drained++);
		gate.write('a');
		assert.equal(gate.blocked, true);
		emitter.emit('drain');
		assert.equal(gate.blocked, false);
		assert.equal(drained, 1);
		accept = true;
		gate.write('b');
		assert.equal(gate.blocked, false);
		assert.deepEqual(written, ['a', 'b']);
	});

	test('chromeLead marks the left half of each wide character, never across a row end', () => {
		const grid = new CellGrid(3, 2);
		grid.set(0, 0, '字', 0, 0, 0);
		grid.set(1, 0, WIDE_TAIL, 0, 0, 0);
		grid.set(2, 0, 'x', 0, 0, 0);
		grid.set(0, 1, WIDE_TAIL, 0, 0, 0);
		assert.deepEqual([...chromeLead(grid)], [1, 0, 0, 0, 0, 0]);
	});

	test('rects are whole cells; a stale paint never reaches the sink', () => {
		assert.deepEqual(normalizeRect({x: 1.7, y: 2.2, width: -3, height: 4.9}), {x: 1, y: 2, width: 0, height: 4});
		assert.equal(sameRect(rect, {...rect}), true);
		const calls: string[] = [];
		let live = true;
		const sink = currentOnly({
			setVideo: id => calls.push(`video ${id}`),
			removeVideo: id => calls.push(`remove ${id}`),
			flush: () => 99,
		}, () => live);
		sink.setVideo('a', rect, () => undefined);
		live = false;
		sink.setVideo('b', rect, () => undefined);
		sink.removeVideo('c');
		assert.equal(sink.flush(), 0);
		assert.equal(Reflect.get(sink, 'setImage'), undefined);
		assert.deepEqual(calls, ['video a', 'remove c']);
	});
});
