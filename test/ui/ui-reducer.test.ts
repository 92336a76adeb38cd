import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {initialUiState, uiReducer, type UiAction, type UiState} from '../../source/ui/ui-reducer.js';

const run = (state: UiState, ...actions: UiAction[]) => actions.reduce(uiReducer, state);

describe('uiReducer', () => {
	test('starts in the grid with the first camera selected', () => {
		assert.deepEqual(initialUiState(4), {view: 'grid', selected: 0, helpOpen: false, cameraCount: 4, quitting: false, reconnect: undefined, render: undefined});
	});

	test('render keys become numbered requests, so the same key twice is seen twice', () => {
		const once = run(initialUiState(2), {type: 'render', change: 'cycle-mode'});
		assert.deepEqual(once.render, {change: 'cycle-mode', serial: 1});
		assert.deepEqual(run(once, {type: 'render', change: 'cycle-mode'}).render, {change: 'cycle-mode', serial: 2});
		assert.deepEqual(run(once, {type: 'render', change: 'slower'}).render, {change: 'slower', serial: 2});
	});

	test('focus-camera selects and focuses an existing camera, ignores others', () => {
		const state = initialUiState(3);
		assert.deepEqual(run(state, {type: 'focus-camera', index: 2}), {...state, view: 'focus', selected: 2});
		assert.equal(run(state, {type: 'focus-camera', index: 3}), state);
		assert.equal(run(state, {type: 'focus-camera', index: -1}), state);
	});

	test('next and previous wrap around', () => {
		const state = initialUiState(3);
		assert.equal(run(state, {type: 'next'}, {type: 'next'}, {type: 'next'}).selected, 0);
		assert.equal(run(state, {type: 'previous'}).selected, 2);
		assert.equal(run(initialUiState(0), {type: 'next'}).selected, 0);
	});

	test('grid and focus switch views; focus needs a camera', () => {
		const focused = run(initialUiState(2), {type: 'next'}, {type: 'focus'});
		assert.equal(focused.view, 'focus');
		assert.equal(focused.selected, 1);
		assert.equal(run(focused, {type: 'grid'}).view, 'grid');
		assert.equal(run(initialUiState(0), {type: 'focus'}).view, 'grid');
	});

	test('help toggles and closes; focusing a camera closes it', () => {
		const open = run(initialUiState(2), {type: 'toggle-help'});
		assert.equal(open.helpOpen, true);
		assert.equal(run(open, {type: 'toggle-help'}).helpOpen, false);
		assert.equal(run(open, {type: 'close-help'}).helpOpen, false);
		assert.equal(run(open, {type: 'focus-camera', index: 1}).helpOpen, false);
	});

	test('reconnect records the selected camera with a new serial each time', () => {
		const once = run(initialUiState(3), {type: 'next'}, {type: 'reconnect'});
		assert.deepEqual(once.reconnect, {index: 1, serial: 1});
		assert.deepEqual(run(once, {type: 'reconnect'}).reconnect, {index: 1, serial: 2});
		assert.equal(run(initialUiState(0), {type: 'reconnect'}).reconnect, undefined);
	});

	test('quit is remembered', () => {
		assert.equal(run(initialUiState(1), {type: 'quit'}).quitting, true);
	});

	test('a shrinking camera list keeps the selection in range', () => {
		const state = run(initialUiState(5), {type: 'focus-camera', index: 4}, {type: 'camera-count', count: 2});
		assert.equal(state.selected, 1);
		assert.equal(state.cameraCount, 2);
	});
});
