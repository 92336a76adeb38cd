import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {sixelColorIndex} from '../../source/render/sixel-palette.js';
import {indexRow, tableIndex, wordView} from '../../source/render/sixel-index.js';

describe('sixel palette index', () => {
	test('the 9-bit table gives the defined index (round(value·4/255) per channel) for every value', () => {
		for (let value = 0; value < 256; value++) {
			// The index is separable: checking each channel alone, the others at 0 and 255, covers all.
			for (const other of [0, 255]) {
				assert.equal(tableIndex(value, other, other), sixelColorIndex(value, other, other), `red ${value}`);
				assert.equal(tableIndex(other, value, other), sixelColorIndex(other, value, other), `green ${value}`);
				assert.equal(tableIndex(other, other, value), sixelColorIndex(other, other, value), `blue ${value}`);
			}
		}
	});

	test('indexRow reads word by word or byte by byte to the same indices, from any start and offset', () => {
		fc.assert(fc.property(fc.uint8Array({minLength: 3, maxLength: 200}), fc.nat(3), fc.nat(), fc.nat(), (bytes, shift, a, b) => {
			// Copy at a byte offset of 0–3 into a fresh buffer: aligned and unaligned views.
			const backing = new Uint8Array(bytes.length + shift);
			backing.set(bytes, shift);
			const data = backing.subarray(shift);
			const pixels = Math.floor(data.length / 3);
			const first = a % pixels;
			const count = b % (pixels - first + 1);
			const expected = Array.from({length: count}, (_, index) => {
				const p = (first + index) * 3;
				return sixelColorIndex(data[p]!, data[p + 1]!, data[p + 2]!);
			});
			const words = wordView(data);
			assert.equal(words === undefined, shift !== 0);
			for (const view of [words, undefined]) {
				// At 1 (bytes stored one by one) and at 4 (four at a time where they fall on a word).
				for (const at of [1, 4]) {
					const out = new Uint8Array(((count + at + 4) >> 2) << 2).fill(255);
					indexRow(data, view, first * 3, count, out, at, new Uint32Array(out.buffer));
					assert.deepEqual([...out.subarray(at, at + count)], expected);
					assert.ok(out.subarray(0, at).every(value => value === 255), 'nothing written before');
					assert.ok(out.subarray(at + count).every(value => value === 255), 'nothing written after');
				}
			}
		}), {numRuns: 500});
	});
});
