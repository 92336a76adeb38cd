import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import type {CameraSnapshot} from '../../source/camera/types.js';
import {MonitorStore, NUMBERS_EVERY, type RenderStats} from '../../source/ui/monitor-store.js';
import {cameraSnapshot} from '../helpers/camera-snapshot.js';

function setup() {
	const state: {cameras: CameraSnapshot[]; render: RenderStats} = {
		cameras: [cameraSnapshot(0), cameraSnapshot(1)],
		render: {mode: 'truecolor', fpsCap: 15, renderedPerSecond: 30, outputBytesPerSecond: 1000, dropped: 0},
	};
	// A long interval: the test calls refresh() itself.
	const store = new MonitorStore([0, 1].map(index => ({snapshot: () => state.cameras[index]!})), {stats: () => state.render}, 60_000);
	let published = 0;
	const unsubscribe = store.subscribe(() => {
		published++;
	});
	return {state, store, published: () => published, unsubscribe};
}

describe('MonitorStore', () => {
	test('a camera state change is published at the next refresh', () => {
		const {state, store, published, unsubscribe} = setup();
		state.cameras = [cameraSnapshot(0), cameraSnapshot(1, {state: 'stalled', staleSeconds: 2})];
		store.refresh();
		assert.equal(published(), 1);
		assert.equal(store.getSnapshot().cameras[1]!.state, 'stalled');
		unsubscribe();
	});

	test('numbers are published every NUMBERS_EVERY refreshes, with the latest values', () => {
		const {state, store, published, unsubscribe} = setup();
		for (let refresh = 1; refresh < NUMBERS_EVERY; refresh++) {
			state.cameras = [cameraSnapshot(0, {fps: 14 + (refresh / 10)}), cameraSnapshot(1)];
			state.render = {...state.render, dropped: refresh};
			store.refresh();
			assert.equal(published(), 0, `refresh ${refresh}`);
		}

		state.cameras = [cameraSnapshot(0, {fps: 9.5}), cameraSnapshot(1)];
		store.refresh();
		assert.equal(published(), 1);
		assert.equal(store.getSnapshot().cameras[0]!.fps, 9.5);
		assert.equal(store.getSnapshot().render.dropped, NUMBERS_EVERY - 1);
		unsubscribe();
	});

	test('nothing changed: nothing is published, even when numbers are due', () => {
		const {store, published, unsubscribe} = setup();
		for (let refresh = 0; refresh < NUMBERS_EVERY * 3; refresh++) {
			store.refresh();
		}

		assert.equal(published(), 0);
		unsubscribe();
	});

	test('a render mode or fps cap change (keys m, +, -) is published at once', () => {
		const {state, store, published, unsubscribe} = setup();
		state.render = {...state.render, mode: '256'};
		store.refresh();
		assert.equal(published(), 1);
		state.render = {...state.render, fpsCap: 14};
		store.refresh();
		assert.equal(published(), 2);
		unsubscribe();
	});
});
