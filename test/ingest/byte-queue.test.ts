import {Buffer} from 'node:buffer';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {ByteQueue} from '../../source/ingest/byte-queue.js';

function queueOf(chunks: readonly Uint8Array[]): ByteQueue {
	const queue = new ByteQueue();
	for (const chunk of chunks) {
		queue.push(Buffer.from(chunk));
	}

	return queue;
}

test('indexOf finds needles split across any number of chunks, as Buffer.indexOf does on the whole', () => {
	fc.assert(fc.property(
		fc.array(fc.uint8Array({maxLength: 12, max: 3}), {maxLength: 12}),
		fc.uint8Array({minLength: 1, maxLength: 5, max: 3}),
		fc.nat(40),
		(chunks, needle, from) => {
			const whole = Buffer.concat(chunks);
			const queue = queueOf(chunks);
			assert.equal(queue.indexOf(Buffer.from(needle), from), whole.indexOf(Buffer.from(needle), from));
			assert.equal(queue.indexOfByte(needle[0]!, from), from >= whole.length ? -1 : whole.indexOf(needle[0]!, from));
		},
	), {numRuns: 2000});
});

test('indexOf honours `to`: a match must end by then', () => {
	const queue = queueOf([Buffer.from('ab'), Buffer.from('cd'), Buffer.from('ef')]);
	assert.equal(queue.indexOf(Buffer.from('cde'), 0, 5), 2);
	assert.equal(queue.indexOf(Buffer.from('cde'), 0, 4), -1);
});

test('take returns a view inside one chunk and a single copy across chunks', () => {
	const first = Buffer.from('hello ');
	const second = Buffer.from('world');
	const queue = queueOf([]);
	queue.push(first);
	queue.push(second);
	const inside = queue.take(1, 5);
	assert.equal(inside.buffer, first.buffer);
	assert.equal(inside.toString(), 'ello');
	const across = queue.take(3, 9);
	assert.equal(across.toString(), 'lo wor');
	assert.notEqual(across.buffer, first.buffer);
	assert.notEqual(across.buffer, second.buffer);
});

test('release drops whole chunks once nothing before a position is needed', () => {
	const queue = new ByteQueue();
	for (let index = 0; index < 200; index++) {
		queue.push(Buffer.from([index]));
	}

	queue.release(150);
	assert.equal(queue.heldBytes, 50);
	assert.equal(queue.byteAt(149), -1);
	assert.equal(queue.byteAt(150), 150);
	assert.equal(queue.byteAt(199), 199);
	assert.ok(queue.viewCount <= 64 + 50);
	queue.release(200);
	assert.equal(queue.viewCount, 0);
	assert.equal(queue.heldBytes, 0);
});
