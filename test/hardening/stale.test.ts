import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Camera} from '../../source/camera/camera.js';
import {CamtopError} from '../../source/errors.js';
import {STALE_BRIGHTNESS, dimPixels, watchStale} from '../../source/render/stale-dim.js';
import {chunkSplitter, fakeSources} from '../camera/fake-source.js';
import {fakeJpeg} from '../camera/helpers.js';

describe('dimPixels', () => {
	test('scales every channel by the stale brightness, in a new buffer, keeping the other fields', () => {
		const data = Uint8Array.from([0, 1, 2, 100, 128, 255, 37, 200, 254]);
		const pixels = {data, width: 3, height: 1, sourceWidth: 640, sourceHeight: 480};
		const dimmed = dimPixels(pixels);
		assert.deepEqual([...dimmed.data], [...data].map(value => Math.round(value * STALE_BRIGHTNESS)));
		assert.deepEqual([...data], [0, 1, 2, 100, 128, 255, 37, 200, 254], 'the decoded pixels are not touched');
		assert.equal(dimmed.width, 3);
		assert.equal(dimmed.sourceWidth, 640);
		assert.ok(dimmed.data.every((value, index) => value <= data[index]!), 'never brighter');
	});

	test('brightness 1 is the same picture, 0 is black, out of range is clamped', () => {
		const data = Uint8Array.from({length: 300}, (_, index) => index % 256);
		assert.deepEqual(dimPixels({data, width: 10, height: 10}, 1).data, data);
		assert.ok(dimPixels({data, width: 10, height: 10}, 0).data.every(value => value === 0));
		assert.deepEqual(dimPixels({data, width: 10, height: 10}, 7).data, data);
	});
});

/** A source the test drives by hand, and a splitter that makes every chunk one frame. */
function setup() {
	let now = 5_000_000;
	const sources = fakeSources();
	const camera = new Camera(0, {name: 'porch', url: 'http://cam.local/video'}, {
		backoffMs: [60_000],
		now: () => now,
		random: () => 0.5,
		openSource: sources.open,
		createSplitter: chunkSplitter,
	});
	return {
		camera,
		last: () => sources.last().handlers,
		advance: (ms: number) => {
			now += ms;
		},
	};
}

describe('Camera: a picture that is not live is stale, with its age', () => {
	test('live: not stale; stalled: stale, the age counts up in whole seconds; live again: not stale', () => {
		const {camera, last, advance} = setup();
		camera.start();
		assert.equal(camera.stale, false, 'no picture yet: nothing to dim');
		last().onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}});
		last().onData(fakeJpeg('a'));
		assert.equal(camera.stale, false);
		assert.equal(camera.snapshot().staleSeconds, undefined);
		advance(10_400);
		last().onError(new CamtopError('ERR_STALLED', 'no complete frame for 10 s'));
		assert.equal(camera.snapshot().state, 'stalled');
		assert.equal(camera.stale, true);
		assert.equal(camera.snapshot().staleSeconds, 10);
		const tenSeconds = camera.snapshot();
		advance(500);
		assert.equal(camera.snapshot(), tenSeconds, 'the same second: the same snapshot');
		advance(1700);
		assert.equal(camera.snapshot().staleSeconds, 12, 'a new second: a new snapshot with the age');
		camera.reconnect();
		assert.equal(camera.snapshot().state, 'connecting');
		assert.equal(camera.stale, true, 'connecting again: still the old picture');
		assert.equal(camera.snapshot().staleSeconds, 12);
		last().onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}});
		last().onData(fakeJpeg('b'));
		assert.equal(camera.snapshot().state, 'live');
		assert.equal(camera.stale, false);
		assert.equal(camera.snapshot().staleSeconds, undefined);
		camera.stop();
	});

	test('a recording that ended keeps its last picture undimmed', () => {
		const {camera, last} = setup();
		camera.start();
		last().onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}, finite: true});
		last().onData(fakeJpeg('a'));
		last().onEnd();
		assert.equal(camera.snapshot().state, 'ended');
		assert.equal(camera.stale, false);
		assert.equal(camera.snapshot().staleSeconds, undefined);
		camera.stop();
	});
});

describe('watchStale', () => {
	test('passes on only the changes: dim when the picture turns stale, undefined when live again', () => {
		const {camera, last, advance} = setup();
		const applied: Array<'dim' | 'none'> = [];
		camera.start();
		const unsubscribe = watchStale(camera, transform => {
			applied.push(transform === dimPixels ? 'dim' : 'none');
		});
		last().onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}});
		for (const name of ['a', 'b', 'c']) {
			last().onData(fakeJpeg(name));
		}

		assert.deepEqual(applied, [], 'live frames change nothing');
		advance(11_000);
		last().onError(new CamtopError('ERR_STALLED', 'no complete frame for 10 s'));
		assert.deepEqual(applied, ['dim']);
		camera.reconnect();
		assert.deepEqual(applied, ['dim'], 'connecting again: still dimmed');
		last().onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}});
		last().onData(fakeJpeg('d'));
		assert.deepEqual(applied, ['dim', 'none']);
		unsubscribe();
		last().onError(new CamtopError('ERR_STALLED', 'no complete frame for 10 s'));
		assert.deepEqual(applied, ['dim', 'none'], 'unsubscribed');
		camera.stop();
	});

	test('a camera already stale when watched is dimmed at once', () => {
		const {camera, last} = setup();
		camera.start();
		last().onResponse({statusCode: 200, contentType: 'image/jpeg', headers: {}});
		last().onData(fakeJpeg('a'));
		last().onError(new CamtopError('ERR_STREAM_ENDED', 'the camera closed the stream'));
		const applied: unknown[] = [];
		watchStale(camera, transform => applied.push(transform));
		assert.deepEqual(applied, [dimPixels]);
		camera.stop();
	});
});
