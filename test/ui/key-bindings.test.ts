import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import type {Key} from 'ink';
import {actionForKey, actionsForInput, keyBindings} from '../../source/ui/key-bindings.js';
import {helpLines} from '../../source/ui/help-overlay.js';

const noKey: Key = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
	home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
	backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};
const key = (extra: Partial<Key>): Key => ({...noKey, ...extra});

describe('key bindings', () => {
	test('split a read of several keys into one action each, in order', () => {
		assert.deepEqual(actionsForInput('23', noKey), [{type: 'focus-camera', index: 1}, {type: 'focus-camera', index: 2}]);
		assert.deepEqual(actionsForInput('gx?', noKey), [{type: 'grid'}, {type: 'toggle-help'}]);
		assert.deepEqual(actionsForInput('2', noKey), [{type: 'focus-camera', index: 1}]);
		assert.deepEqual(actionsForInput('c', key({ctrl: true})), [{type: 'quit'}]);
		assert.deepEqual(actionsForInput('', key({tab: true})), [{type: 'next'}]);
	});

	test('map the documented keys to actions', () => {
		assert.deepEqual(actionForKey('3', noKey), {type: 'focus-camera', index: 2});
		assert.deepEqual(actionForKey('', key({tab: true})), {type: 'next'});
		assert.deepEqual(actionForKey('', key({tab: true, shift: true})), {type: 'previous'});
		assert.deepEqual(actionForKey('', key({rightArrow: true})), {type: 'next'});
		assert.deepEqual(actionForKey('', key({leftArrow: true})), {type: 'previous'});
		assert.deepEqual(actionForKey('l', noKey), {type: 'next'});
		assert.deepEqual(actionForKey('h', noKey), {type: 'previous'});
		assert.deepEqual(actionForKey('g', noKey), {type: 'grid'});
		assert.deepEqual(actionForKey('f', noKey), {type: 'focus'});
		assert.deepEqual(actionForKey('\r', key({return: true})), {type: 'focus'});
		assert.deepEqual(actionForKey('?', noKey), {type: 'toggle-help'});
		assert.deepEqual(actionForKey('', key({escape: true})), {type: 'close-help'});
		assert.deepEqual(actionForKey('r', noKey), {type: 'reconnect'});
		assert.deepEqual(actionForKey('q', noKey), {type: 'quit'});
		assert.deepEqual(actionForKey('c', key({ctrl: true})), {type: 'quit'});
	});

	test('s, c and R: stats panel, save a frame, record; Ctrl-C still quits', () => {
		assert.deepEqual(actionForKey('s', noKey), {type: 'toggle-stats'});
		assert.deepEqual(actionForKey('c', noKey), {type: 'capture', kind: 'save-frame'});
		assert.deepEqual(actionForKey('R', key({shift: true})), {type: 'capture', kind: 'toggle-record'});
		assert.deepEqual(actionForKey('c', key({ctrl: true})), {type: 'quit'});
	});

	test('unbound keys do nothing', () => {
		assert.equal(actionForKey('0', noKey), undefined);
		assert.equal(actionForKey('z', noKey), undefined);
		assert.equal(actionForKey('x', noKey), undefined);
	});

	test('the help lists every binding', () => {
		const lines = helpLines();
		assert.equal(lines.length, keyBindings.length);
		for (const [index, binding] of keyBindings.entries()) {
			assert.ok(lines[index]!.startsWith(binding.label));
			assert.ok(lines[index]!.endsWith(binding.description));
		}
	});
});
