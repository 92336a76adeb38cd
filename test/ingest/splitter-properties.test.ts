import {Buffer} from 'node:buffer';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {jpegFixtures} from '../fixtures/jpegs.js';
import {feed} from '../fixtures/splitter-cases.js';
import {multipartStream, rawJpegStream, type PartSpec} from '../fixtures/streams.js';

const jpegs = await jpegFixtures();
const pool = [...jpegs.small, jpegs.progressive, jpegs.restart, ...jpegs.exif];
const baselinePool = [...jpegs.small, jpegs.progressive, jpegs.restart];
const delimiter = '--camtop-property-boundary';
const contentType = 'multipart/x-mixed-replace; boundary=camtop-property-boundary';

type Mode = 'length' | 'no-length' | 'lf' | 'raw';
const modes: Mode[] = ['length', 'no-length', 'lf', 'raw'];

/** Cut points (fractions of the length) into chunks: views, no copies. */
function cut(data: Buffer, fractions: readonly number[]): Buffer[] {
	const points = [...new Set(fractions.map(fraction => Math.floor(fraction * data.length)))].sort((a, b) => a - b);
	const chunks: Buffer[] = [];
	let previous = 0;
	for (const point of [...points, data.length]) {
		chunks.push(data.subarray(previous, point));
		previous = point;
	}

	return chunks;
}

function build(mode: Mode, frames: readonly Buffer[], garbage: ReadonlyArray<Uint8Array | undefined>, beforeDelimiter: readonly boolean[]): Buffer {
	if (mode === 'raw') {
		return rawJpegStream(frames, garbage);
	}

	const parts: PartSpec[] = frames.map((body, index) => {
		// Garbage goes after a part, so never before the first delimiter.
		const after = garbage[index + 1];
		const part: PartSpec = {body, contentLength: mode === 'no-length' ? 'none' : body.length};
		return beforeDelimiter[index] ? {...part, garbageBeforeDelimiter: after} : {...part, garbageAfterBody: after};
	});
	return multipartStream(parts, {delimiter, newline: mode === 'lf' ? '\n' : '\r\n'});
}

const options = (mode: Mode): {contentType: string | undefined} => ({contentType: mode === 'raw' ? undefined : contentType});
const fractions = fc.array(fc.double({min: 0, max: 1, noNaN: true}), {maxLength: 40, size: 'max'});
const framesArbitrary = fc.array(fc.constantFrom(...pool), {minLength: 1, maxLength: 6, size: 'max'});

test('random chunking of a valid stream recovers every frame, with the same counters', () => {
	fc.assert(fc.property(fc.constantFrom(...modes), framesArbitrary, fractions, (mode, frames, cuts) => {
		const stream = build(mode, frames, [], []);
		const whole = feed([stream], options(mode));
		const chunked = feed(cut(stream, cuts), options(mode));
		assert.deepEqual(chunked.frames.map(frame => Buffer.from(frame.data)), frames);
		assert.deepEqual(chunked.stats, whole.stats);
		assert.equal(chunked.stats.skippedBytes, 0);
	}), {numRuns: 200});
});

/** Garbage without FF: it cannot hold an SOI, nor an EOI that a searched body would be cut at. */
const garbageArbitrary = fc.option(fc.uint8Array({minLength: 1, maxLength: 300, max: 0xFE, size: 'max'}), {nil: undefined});

test('garbage between parts or frames never throws and every intact frame is recovered', () => {
	fc.assert(fc.property(
		fc.constantFrom(...modes),
		framesArbitrary,
		fc.array(garbageArbitrary, {maxLength: 7, size: 'max'}),
		fc.array(fc.boolean(), {maxLength: 6}),
		fractions,
		(mode, frames, garbage, beforeDelimiter, cuts) => {
			const stream = build(mode, frames, garbage, beforeDelimiter);
			const whole = feed([stream], options(mode));
			const chunked = feed(cut(stream, cuts), options(mode));
			assert.deepEqual(chunked.frames.map(frame => Buffer.from(frame.data)), frames);
			assert.deepEqual(chunked.stats, whole.stats);
		},
	), {numRuns: 200});
});

test('wrong Content-Lengths are recovered by searching the boundary', () => {
	// Off by 1-4 would only move line-end bytes into the body, which a delimiter then confirms.
	const delta = fc.oneof(fc.integer({min: -600, max: -1}), fc.integer({min: 5, max: 600}));
	fc.assert(fc.property(
		fc.array(fc.tuple(fc.constantFrom(...baselinePool), fc.option(delta, {nil: undefined})), {minLength: 1, maxLength: 5, size: 'max'}),
		fractions,
		(spec, cuts) => {
			const stream = multipartStream(spec.map(([body, wrong]) => ({body, contentLength: body.length + (wrong ?? 0)})), {delimiter});
			const result = feed(cut(stream, cuts), {contentType});
			assert.deepEqual(result.frames.map(frame => Buffer.from(frame.data)), spec.map(([body]) => body));
			assert.equal(result.stats.contentLengthMismatches, spec.filter(([, wrong]) => wrong !== undefined).length);
		},
	), {numRuns: 200});
});

/** Pieces of streams, so random input reaches every state, not just the preamble. */
const soupPiece = fc.oneof(
	fc.uint8Array({maxLength: 200, size: 'max'}),
	fc.constantFrom(...[`${delimiter}\r\n`, `\r\n${delimiter}--\r\n`, '\r\n', '\n', 'Content-Type: image/jpeg\r\n', '--x\r\nA: b\r\n\r\n'].map(text => Buffer.from(text, 'latin1'))),
	fc.integer({min: 0, max: 1 << 20}).map(length => Buffer.from(`Content-Length: ${length}\r\n\r\n`, 'latin1')),
	fc.constantFrom(...pool),
	fc.tuple(fc.constantFrom(...pool), fc.double({min: 0, max: 1, noNaN: true})).map(([jpeg, at]) => jpeg.subarray(0, Math.floor(at * jpeg.length))),
	fc.tuple(fc.constantFrom(...pool), fc.integer({min: -800, max: 800}), fc.constantFrom(delimiter, '--x'), fc.constantFrom<'\r\n' | '\n'>('\r\n', '\n'))
		.map(([body, wrong, line, newline]) => multipartStream([{body, contentLength: wrong === 0 ? 'none' : Math.max(0, body.length + wrong)}], {delimiter: line, newline})),
	fc.constantFrom(Buffer.from([0xFF, 0xD8, 0xFF]), Buffer.from([0xFF, 0xD9]), Buffer.from([0xFF, 0xDA, 0x00, 0x02]), Buffer.from([0xFF, 0xE1, 0xFF, 0xFF])),
);

test('any input: no throw, bounded memory, counters independent of chunking', () => {
	const maxFrameBytes = 4096;
	const maxHeaderBytes = 256;
	const bound = maxFrameBytes + (2 * maxHeaderBytes) + 256;
	fc.assert(fc.property(
		fc.constantFrom(contentType, undefined, 'multipart/x-mixed-replace;boundary=x', 'image/jpeg'),
		fc.array(soupPiece, {maxLength: 30, size: 'max'}),
		fractions,
		(declared, pieces, cuts) => {
			const stream = Buffer.concat(pieces);
			const limits = {contentType: declared, maxFrameBytes, maxHeaderBytes};
			const whole = feed([stream], limits);
			const chunked = feed(cut(stream, cuts), limits);
			const bytes = Array.from({length: stream.length}, (_, index) => stream.subarray(index, index + 1));
			const byByte = feed(bytes, limits);
			for (const result of [whole, chunked, byByte]) {
				assert.ok(result.maxBuffered <= bound + (result === whole ? stream.length : 0), `held ${result.maxBuffered}`);
				assert.equal(result.stats.bytes, stream.length);
				assert.ok(result.stats.frameBytes + result.stats.skippedBytes <= stream.length);
				for (const frame of result.frames) {
					assert.ok(frame.data.length <= maxFrameBytes);
					assert.deepEqual([frame.data[0], frame.data[1]], [0xFF, 0xD8]);
				}
			}

			assert.deepEqual(chunked.stats, whole.stats);
			assert.deepEqual(byByte.stats, whole.stats);
			assert.deepEqual(chunked.frames.map(frame => Buffer.from(frame.data)), whole.frames.map(frame => Buffer.from(frame.data)));
		},
	), {numRuns: 300});
});
