import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {cursorPosition, moveCursor} from '../../source/render/cursor-moves.js';
import {ScreenModel} from './screen-model.js';

test('every move lands on its target and is never longer than an absolute CUP', () => {
	fc.assert(fc.property(fc.integer({min: 1, max: 300}), fc.integer({min: 1, max: 120}), fc.nat(), fc.nat(), fc.nat(), fc.nat(), (width, height, a, b, c, d) => {
		const [fromX, fromY, toX, toY] = [a % width, b % height, c % width, d % height];
		const model = new ScreenModel(width, height, {requireSync: false});
		model.apply(cursorPosition(fromX, fromY));
		const move = moveCursor(fromX, fromY, toX, toY);
		model.apply(move);
		assert.deepEqual([model.cursorX, model.cursorY], [toX, toY]);
		assert.ok(move.length <= cursorPosition(toX, toY).length);
	}));
});

test('the cheapest form is chosen', () => {
	assert.equal(moveCursor(5, 3, 6, 3), '\u001B[C');
	assert.equal(moveCursor(5, 3, 9, 3), '\u001B[4C');
	assert.equal(moveCursor(5, 3, 5, 4), '\u001B[B');
	assert.equal(moveCursor(70, 3, 0, 4), '\u001B[E');
	assert.equal(moveCursor(70, 3, 0, 3), '\u001B[G');
	assert.equal(moveCursor(5, 3, 5, 3), '');
	assert.equal(moveCursor(-1, 3, 9, 3), '\u001B[4;10H', 'unknown position: absolute');
	assert.equal(cursorPosition(0, 0), '\u001B[H');
	assert.equal(cursorPosition(0, 9), '\u001B[10H');
});
