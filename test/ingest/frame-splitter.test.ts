import {Buffer} from 'node:buffer';
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {chunkBySizes, seededRandom} from '../fixtures/streams.js';
import {feed, splitterCases, type FeedResult, type SplitterCase} from '../fixtures/splitter-cases.js';

const cases = await splitterCases();

/** Streams up to this size are split at every offset; larger ones at a stride. */
const EVERY_OFFSET_LIMIT = 8 * 1024;
const STRIDED_SPLITS = 400;

function assertFrames(result: FeedResult, expected: readonly Uint8Array[], label: string): void {
	assert.equal(result.frames.length, expected.length, `${label}: frame count`);
	for (const [index, frame] of result.frames.entries()) {
		assert.ok(Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength).equals(expected[index]!), `${label}: frame ${index} bytes`);
	}
}

function assertSame(result: FeedResult, reference: FeedResult, expected: readonly Uint8Array[], label: string): void {
	assertFrames(result, expected, label);
	assert.deepEqual(result.stats, reference.stats, `${label}: counters`);
	assert.deepEqual(result.frames.map(frame => frame.headers), reference.frames.map(frame => frame.headers), `${label}: part headers`);
}

function splitOffsets(length: number): number[] {
	if (length <= EVERY_OFFSET_LIMIT) {
		return Array.from({length: length + 1}, (_, offset) => offset);
	}

	const stride = Math.ceil(length / STRIDED_SPLITS);
	return Array.from({length: Math.floor(length / stride) + 1}, (_, index) => index * stride);
}

describe('FrameSplitter on every fixture and chunking', () => {
	for (const fixture of cases) {
		describe(fixture.name, () => {
			const options = {contentType: fixture.contentType};
			const whole = feed([fixture.stream], options);

			test('whole: the frames put in, the counters expected, views of the chunk', () => {
				assertFrames(whole, fixture.frames, 'whole');
				for (const [name, value] of Object.entries(fixture.stats)) {
					assert.deepEqual(whole.stats[name as keyof SplitterCase['stats']], value, `stats.${name}`);
				}

				assert.equal(whole.stats.bytes, fixture.stream.length);
				assert.equal(whole.stats.frameBytes, fixture.frames.reduce((sum, frame) => sum + frame.length, 0));
				if (fixture.firstHeaders) {
					assert.deepEqual(whole.frames[0]?.headers, fixture.firstHeaders);
				}

				// Zero-copy: each frame lay inside the one chunk, so each is a view of it.
				for (const frame of whole.frames) {
					assert.equal(frame.data.buffer, fixture.stream.buffer);
				}
			});

			test('byte by byte', () => {
				const bytes = Array.from({length: fixture.stream.length}, (_, index) => fixture.stream.subarray(index, index + 1));
				assertSame(feed(bytes, options), whole, fixture.frames, 'byte by byte');
			});

			test('two chunks split at every offset', () => {
				for (const offset of splitOffsets(fixture.stream.length)) {
					const chunks = [fixture.stream.subarray(0, offset), fixture.stream.subarray(offset)];
					assertSame(feed(chunks, options), whole, fixture.frames, `split at ${offset}`);
				}
			});

			test('random chunk sizes', () => {
				for (let seed = 1; seed <= 20; seed++) {
					const random = seededRandom(seed);
					const largest = 1 + Math.floor(random() * 4096);
					const chunks = chunkBySizes(fixture.stream, () => 1 + Math.floor(random() * largest));
					assertSame(feed(chunks, options), whole, fixture.frames, `seed ${seed}`);
				}
			});

			test('64 KiB reads, copied into fresh chunks', () => {
				// Copies, as a socket delivers them: frames spanning reads must be copied out, once.
				const chunks = chunkBySizes(fixture.stream, () => 64 * 1024).map(chunk => new Uint8Array(chunk));
				assertSame(feed(chunks, options), whole, fixture.frames, '64 KiB');
			});
		});
	}
});
