import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {pointAtDist, shebangNodeFlags} from '../../bench/scale-dist.js';

describe('scale bench on dist/', () => {
	test('source imports are pointed at dist/, nothing else', () => {
		const code = [
			"import '../source/production-env.js';",
			"import { runMonitor } from '../source/monitor.js';",
			'const m = await import("../source/render/downsample.js");',
			"import { makeFeedFrames } from './scale-feed.js';",
			"import sharp from 'sharp';",
		].join('\n');
		assert.equal(pointAtDist(code, 'file:///x/dist'), [
			"import 'file:///x/dist/production-env.js';",
			"import { runMonitor } from 'file:///x/dist/monitor.js';",
			'const m = await import("file:///x/dist/render/downsample.js");',
			"import { makeFeedFrames } from './scale-feed.js';",
			"import sharp from 'sharp';",
		].join('\n'));
	});

	test('node flags are read from a shebang', () => {
		assert.deepEqual(shebangNodeFlags('#!/usr/bin/env node\nx'), []);
		assert.deepEqual(shebangNodeFlags('#!/usr/bin/env -S node --a=1 --b=2\nx'), ['--a=1', '--b=2']);
		assert.deepEqual(shebangNodeFlags('// no shebang'), []);
	});
});
