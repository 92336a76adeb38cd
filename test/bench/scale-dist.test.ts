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
		assert.deepEqual(shebangNodeFlags('#!/bin/sh\n\':\' //; exec node --a=1 --b=2 "$0" "$@"\nx'), ['--a=1', '--b=2']);
		assert.deepEqual(shebangNodeFlags('#!/bin/sh\necho hi\n'), []);
	});

	test('npm start runs node with the flags of the bin\'s launcher line', async () => {
		const {readFile} = await import('node:fs/promises');
		const cli = await readFile(new URL('../../bin/camtop.js', import.meta.url), 'utf8');
		const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {scripts: {start: string}};
		const flags = shebangNodeFlags(cli);
		assert.ok(flags.length > 0, 'bin/camtop.js starts node with memory flags');
		assert.equal(pkg.scripts.start, `node ${flags.join(' ')} --import tsx source/cli.tsx`);
	});
});
