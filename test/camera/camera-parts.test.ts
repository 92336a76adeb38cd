import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {CameraStatus} from '../../source/camera/camera-status.js';
import {Connection} from '../../source/camera/connection.js';
import {FrameSlot} from '../../source/camera/frame-slot.js';
import {CamtopError} from '../../source/errors.js';
import type {SourceHandlers} from '../../source/ingest/source-types.js';
import type {Frame} from '../../source/ingest/types.js';
import {fakeJpeg} from './helpers.js';

const frame = (label: string): Frame => ({data: fakeJpeg(label), headers: []});

describe('FrameSlot', () => {
	test('keeps the newest of a batch, counts every frame, tells listeners of each in order', () => {
		const slot = new FrameSlot();
		const seen: Array<[number, boolean]> = [];
		const unsubscribe = slot.onFrame((_frame, info) => {
			seen.push([info.seq, info.good]);
		});
		const notJpeg: Frame = {data: new Uint8Array([1, 2, 3]), headers: []};
		assert.equal(slot.accept([frame('a'), notJpeg, frame('b')], 10, candidate => candidate.data.length > 0), 2);
		assert.deepEqual(seen, [[1, true], [2, true]]);
		assert.equal(slot.latest?.seq, 2);
		assert.equal(slot.latest.receivedAt, 10);
		assert.deepEqual(slot.latest.frame.data, fakeJpeg('b'));
		assert.equal(slot.accept([notJpeg], 11, () => true), 0);
		assert.equal(slot.latest.seq, 2, 'a batch without a JPEG changes nothing');
		unsubscribe();
		assert.equal(slot.accept([frame('c')], 12, () => false), 1);
		assert.equal(slot.latest.seq, 3);
		assert.equal(seen.length, 2, 'an unsubscribed listener hears nothing');
	});
});

describe('CameraStatus', () => {
	test('since moves only on a real change; time live adds up over spells', () => {
		let now = 100;
		const status = new CameraStatus(() => now);
		let calls = 0;
		status.subscribe(() => {
			calls++;
		});
		assert.equal(status.state, 'connecting');
		assert.equal(status.since, 100);
		now = 150;
		status.set('live', undefined);
		now = 400;
		status.set('live', undefined);
		assert.equal(status.since, 150);
		status.set('reconnecting', 'gone');
		assert.deepEqual([status.state, status.reason, status.since, status.pastLiveMs], ['reconnecting', 'gone', 400, 250]);
		assert.equal(calls, 3);
	});
});

describe('Connection', () => {
	test('callbacks of an attempt that is no longer current are dropped', () => {
		const connection = new Connection();
		let handlers: SourceHandlers | undefined;
		let closed = 0;
		const heard: string[] = [];
		const generation = connection.begin();
		connection.open(generation, (_options, given) => {
			handlers = given;
			return {close() {
				closed++;
			}};
		}, {url: 'http://127.0.0.1:1/'}, {
			onResponse() {
				heard.push('response');
			},
			onData() {
				heard.push('data');
			},
			onEnd() {
				heard.push('end');
			},
			onError() {
				heard.push('error');
			},
		});
		handlers!.onData(new Uint8Array(1));
		connection.close();
		assert.equal(closed, 1);
		handlers!.onData(new Uint8Array(1));
		handlers!.onError(new CamtopError('ERR_CONNECT', 'late'));
		assert.deepEqual(heard, ['data']);
		assert.equal(connection.isCurrent(generation), false);
	});

	test('a source that fails while opening (and so ends the attempt) is closed at once', () => {
		const connection = new Connection();
		let closed = 0;
		const generation = connection.begin();
		connection.open(generation, (_options, handlers) => {
			handlers.onError(new CamtopError('ERR_CONNECT', 'at once'));
			return {close() {
				closed++;
			}};
		}, {url: 'http://127.0.0.1:1/'}, {
			onResponse() {},
			onData() {},
			onEnd() {},
			onError() {
				// As the camera does: failing closes the attempt.
				connection.close();
			},
		});
		assert.equal(closed, 1);
	});
});
