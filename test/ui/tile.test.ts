import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {sameTile} from '../../source/ui/tile.js';
import {cameraSnapshot} from '../helpers/camera-snapshot.js';

const title = {x: 0, y: 0, width: 40, height: 1};
const props = (overrides: Parameters<typeof cameraSnapshot>[1] = {}, selected = false) => ({title: {...title}, placeholder: undefined, camera: cameraSnapshot(0, overrides), selected});

describe('Tile memo (sameTile)', () => {
	test('a new snapshot showing the same text does not redraw', () => {
		assert.ok(sameTile(props(), props()));
		// 15.0 fps and 250 kB/s either way; counters the title does not show.
		assert.ok(sameTile(props({fps: 15}), props({fps: 15.04, bytesPerSecond: 250_400, frames: 999, bytes: 5})));
	});

	test('anything the title or placeholder shows redraws', () => {
		assert.ok(!sameTile(props(), props({fps: 7.5})));
		assert.ok(!sameTile(props(), props({bytesPerSecond: 1_500_000})));
		assert.ok(!sameTile(props(), props({state: 'stalled'})));
		assert.ok(!sameTile(props(), props({staleSeconds: 3})));
		assert.ok(!sameTile(props(), props({name: 'other'})));
		assert.ok(!sameTile(props(), props({frames: 0})));
		assert.ok(!sameTile(props(), props({}, true)));
		assert.ok(!sameTile(props(), {...props(), title: {...title, y: 3}}));
		assert.ok(!sameTile(props(), props({capture: {recording: {path: 'a.mjpg', frames: 1, bytes: 1, since: 0}, notice: undefined}})));
	});
});
