import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {initialUiState, uiReducer, type UiAction, type UiState} from '../../source/ui/ui-reducer.js';

const run = (state: UiState, ...actions: UiAction[]) => actions.reduce(uiReducer, state);

describe('uiReducer', () => {
	test('starts in the grid with the first camera selected', () => {
		assert.deepEqual(initialUiState(4), {view: 'grid', selected: 0, helpOpen: false, cameraCount: 4, quitting: false, reconnect: undefined, render: undefined, statsOpen: true, captures: []});
	});

	test('s toggles the stats panel; c and R become numbered capture requests for the selected camera', () => {
		const state = run(initialUiState(3), {type: 'focus-camera', index: 2});
		assert.equal(run(state, {type: 'toggle-stats'}).statsOpen, false);
		assert.equal(run(run(state, {type: 'toggle-stats'}), {type: 'toggle-stats'}).statsOpen, true);
		const saved = run(state, {type: 'capture', kind: 'save-frame'});
		assert.deepEqual(saved.captures, [{kind: 'save-frame', index: 2, serial: 1}]);
		assert.deepEqual(run(saved, {type: 'capture', kind: 'toggle-record'}).captures, [{kind: 'save-frame', index: 2, serial: 1}, {kind: 'toggle-record', index: 2, serial: 2}]);
		assert.deepEqual(run(initialUiState(0), {type: 'capture', kind: 'save-frame'}).captures, []);
		const many = run(state, ...Array.from({length: 40}, () => ({type: 'capture', kind: 'save-frame'}) as const));
		assert.equal(many.captures.length, 16);
		assert.equal(many.captures.at(-1)?.serial, 40);
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
