import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {renderBlock, SECTION_END, SECTION_START, writeBlock, type Machine} from '../../bench/record.js';

const machine: Machine = {date: '2026-11-21 09:00 UTC', cpu: 'AMD EPYC', cores: 2, node: 'v20.20.2', load: [1.5, 2, 3.25], quick: true, commit: 'abc1234'};
const scale = {name: 'scale', lines: ['cams | fps', '16 | 15.0'], seconds: 20};
const hand = '# Benchmarks\n\n## Scale\n\nHand-written analysis.\n';

describe('bench record writer (docs/benchmarks.md)', () => {
	test('a block names the command, the machine and the load, then the printed lines verbatim', () => {
		const block = renderBlock(machine, scale);
		assert.match(block, /^<!-- bench:scale:start -->\n### scale\n/);
		assert.match(block, /2026-11-21 09:00 UTC, `npm run bench -- --quick scale` \(20 s\): AMD EPYC, 2 cores, Node v20\.20\.2, load average 1\.50 \/ 2\.00 \/ 3\.25/);
		assert.match(block, /commit abc1234/);
		assert.ok(block.includes('```text\ncams | fps\n16 | 15.0\n```\n<!-- bench:scale:end -->'));
	});

	test('the first write appends a generated section and leaves the hand-written text as it was', () => {
		const out = writeBlock(hand, machine, scale);
		assert.ok(out.startsWith(hand));
		assert.equal(out.split(SECTION_START).length, 2);
		assert.ok(out.indexOf(SECTION_START) < out.indexOf('<!-- bench:scale:start -->'));
		assert.ok(out.indexOf('<!-- bench:scale:end -->') < out.indexOf(SECTION_END));
		assert.ok(out.endsWith(`${SECTION_END}\n`));
	});

	test('writing again replaces only that block; other blocks and all text around stay byte for byte', () => {
		const splitter = {name: 'splitter', lines: ['splitter 4000 MB/s'], seconds: 5};
		const once = writeBlock(writeBlock(hand, machine, scale), machine, splitter);
		const tail = '\n## Added later by hand\n\nStays.\n';
		const document = once + tail;
		const updated = writeBlock(document, {...machine, quick: false}, {name: 'scale', lines: ['cams | fps', '16 | 14.0'], seconds: 60});
		assert.ok(updated.includes('16 | 14.0'));
		assert.ok(!updated.includes('16 | 15.0'));
		assert.ok(updated.includes('`npm run bench -- scale` (60 s)'));
		assert.equal(updated.split('<!-- bench:scale:start -->').length, 2, 'one scale block');
		// Everything before and after the scale block is unchanged.
		const before = document.slice(0, document.indexOf('<!-- bench:scale:start -->'));
		const after = document.slice(document.indexOf('<!-- bench:scale:end -->'));
		assert.ok(updated.startsWith(before));
		assert.ok(updated.endsWith(after));
		assert.ok(updated.includes('splitter 4000 MB/s'));
		// A new benchmark goes in at the end of the generated section.
		const third = writeBlock(updated, machine, {name: 'decode', lines: ['x'], seconds: 1});
		assert.ok(third.indexOf('<!-- bench:decode:end -->') < third.indexOf(SECTION_END));
		assert.ok(third.endsWith(tail));
	});

	test('an empty document gets the section alone', () => {
		const out = writeBlock('', machine, scale);
		assert.ok(out.startsWith('## Latest `npm run bench` figures (generated)\n'));
	});
});
