import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Camera} from '../../source/camera/camera.js';
import {CamtopError} from '../../source/errors.js';
import {HttpStatusError} from '../../source/ingest/http-source.js';
import {chunkSplitter, fakeSources} from './fake-source.js';
import {fakeJpeg} from './helpers.js';

function setup(overrides: {backoffMs?: number[]; username?: string; password?: string} = {}) {
	let now = 1_000_000;
	const sources = fakeSources();
	const camera = new Camera(2, {
		name: 'porch',
		url: 'http://admin:hunter2@cam.local/video?pwd=hunter2',
		...(overrides.username ? {username: overrides.username} : {}),
		...(overrides.password ? {password: overrides.password} : {}),
	}, {
		backoffMs: overrides.backoffMs ?? [60_000],
		now: () => now,
		random: () => 0.5,
		openSource: sources.open,
		createSplitter: chunkSplitter,
	});
	const states: string[] = [];
	camera.subscribe(() => {
		if (states.at(-1) !== camera.snapshot().state) {
			states.push(camera.snapshot().state);
		}
	});
	const advance = (ms: number) => {
		now += ms;
	};

	return {camera, sources, states, advance, now: () => now};
}

describe('Camera state machine (fake source)', () => {
	test('connecting → live on the first frame; latest keeps only the newest', () => {
		const {camera, sources, states} = setup();
		camera.start();
		camera.start();
		assert.equal(sources.opened.length, 1, 'start() is idempotent');
		const {handlers} = sources.last();
		handlers.onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}});
		assert.equal(camera.snapshot().state, 'connecting');
		handlers.onData(fakeJpeg('a'));
		handlers.onData(fakeJpeg('b'));
		assert.deepEqual(states, ['connecting', 'live']);
		assert.equal(camera.latest?.seq, 2);
		assert.deepEqual(camera.latest.frame.data, fakeJpeg('b'));
		const snapshot = camera.snapshot();
		assert.equal(snapshot.frames, 2);
		assert.equal(snapshot.contentType, 'image/jpeg');
		assert.equal(snapshot.displayUrl, 'http://admin:***@cam.local/video?pwd=***');
		assert.equal(snapshot.index, 2);
		camera.stop();
	});

	test('a chunk that does not start with FF D8 is not a frame', () => {
		const {camera, sources} = setup();
		camera.start();
		const {handlers} = sources.last();
		handlers.onResponse({statusCode: 200, contentType: undefined, headers: {}});
		handlers.onData(Uint8Array.from([1, 2, 3]));
		assert.equal(camera.latest, undefined);
		assert.equal(camera.snapshot().state, 'connecting');
		assert.equal(camera.snapshot().bytes, 3);
		camera.stop();
	});

	test('snapshot() is identity-stable until something changes', () => {
		const {camera, sources, advance} = setup();
		camera.start();
		const first = camera.snapshot();
		assert.equal(camera.snapshot(), first);
		advance(5000);
		assert.equal(camera.snapshot(), first, 'time alone changes nothing while rates are zero');
		sources.last().handlers.onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}});
		sources.last().handlers.onData(fakeJpeg('x'));
		const second = camera.snapshot();
		assert.notEqual(second, first);
		assert.equal(camera.snapshot(), second);
		// The byte rate is above zero and then decays: new objects until it reaches zero, then stable.
		advance(500);
		const decayed = camera.snapshot();
		assert.notEqual(decayed, second);
		advance(2000);
		const zero = camera.snapshot();
		assert.equal(zero.fps, 0);
		assert.equal(zero.bytesPerSecond, 0);
		advance(2000);
		assert.equal(camera.snapshot(), zero);
		camera.stop();
	});

	test('passes url, credentials and headers to the source', () => {
		const {camera, sources} = setup({username: 'viewer', password: 'pw'});
		camera.start();
		const {options} = sources.last();
		assert.equal(options.url, 'http://admin:hunter2@cam.local/video?pwd=hunter2');
		assert.equal(options.username, 'viewer');
		assert.equal(options.password, 'pw');
		camera.stop();
	});

	test('an error schedules a reconnect with backoff; a 404 is failed at the slow end', () => {
		const {camera, sources, now} = setup({backoffMs: [1000, 2000, 50_000]});
		camera.start();
		sources.last().handlers.onError(new CamtopError('ERR_CONNECT', 'connection refused: cam.local (ECONNREFUSED)'));
		let snapshot = camera.snapshot();
		assert.equal(snapshot.state, 'reconnecting');
		assert.equal(snapshot.reason, 'connection refused: cam.local (ECONNREFUSED)');
		assert.deepEqual(snapshot.lastError, {code: 'ERR_CONNECT', message: 'connection refused: cam.local (ECONNREFUSED)'});
		assert.equal(snapshot.retryAt, now() + 1000);
		assert.equal(sources.last().closed, true);

		camera.reconnect();
		assert.equal(sources.opened.length, 2);
		assert.equal(camera.snapshot().reconnects, 1);
		assert.equal(camera.snapshot().state, 'connecting');
		sources.last().handlers.onError(new HttpStatusError(404, 'HTTP 404 Not Found'));
		snapshot = camera.snapshot();
		assert.equal(snapshot.state, 'failed');
		assert.equal(snapshot.reason, 'HTTP 404 Not Found');
		assert.equal(snapshot.retryAt, now() + 50_000);
		camera.stop();
	});

	test('late callbacks from a closed connection are ignored', () => {
		const {camera, sources} = setup();
		camera.start();
		const old = sources.last().handlers;
		camera.reconnect();
		old.onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}});
		old.onData(fakeJpeg('late'));
		old.onError(new CamtopError('ERR_STREAM', 'late'));
		assert.equal(camera.latest, undefined);
		assert.equal(camera.snapshot().state, 'connecting');
		camera.stop();
	});

	test('stop() closes the source, is idempotent, and reconnect() after stop does nothing', () => {
		const {camera, sources} = setup();
		camera.start();
		camera.stop();
		camera.stop();
		assert.equal(sources.last().closed, true);
		camera.reconnect();
		assert.equal(sources.opened.length, 1);
	});
});
