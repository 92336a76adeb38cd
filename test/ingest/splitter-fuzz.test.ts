/*
Issue 6's splitter fuzz, in its own words: "random garbage and random chunking: never
throws, memory bounded, every intact frame of a valid stream recovered". Unlike the
property tests next door, the garbage here is any bytes (0xFF, CR, LF and dashes included),
kilobytes of it, between every part and before the first; the splitter's buffered bytes
are checked after every single chunk against a bound that does not grow with the input.
*/
import {Buffer} from 'node:buffer';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import fc from 'fast-check';
import {FrameSplitter, type FrameSplitterOptions} from '../../source/ingest/frame-splitter.js';
import type {Frame} from '../../source/ingest/types.js';
import {jpegFixtures} from '../fixtures/jpegs.js';
import {multipartStream, rawJpegStream, type PartSpec} from '../fixtures/streams.js';

const jpegs = await jpegFixtures();
const pool = [...jpegs.small, jpegs.progressive, jpegs.restart, ...jpegs.exif];
const boundary = 'camtop-fuzz';
const delimiter = `--${boundary}`;
const contentType = `multipart/x-mixed-replace; boundary=${boundary}`;
/** Small limits, so the bound below is tight and an oversized part is easy to make. */
const maxFrameBytes = 8192;
const maxHeaderBytes = 512;
/** What the splitter may hold at any moment: one frame, a header block, a delimiter's lookbehind. */
const BOUND = maxFrameBytes + (2 * maxHeaderBytes) + 256;

type Feed = {frames: Frame[]; maxBuffered: number};

/** Push every chunk, checking the held bytes after each one; the bound is asserted, not just recorded. */
function feedBounded(chunks: Iterable<Uint8Array>, options: FrameSplitterOptions): Feed {
	const splitter = new FrameSplitter({maxFrameBytes, maxHeaderBytes, ...options});
	const frames: Frame[] = [];
	let maxBuffered = 0;
	let index = 0;
	for (const chunk of chunks) {
		frames.push(...splitter.push(chunk));
		maxBuffered = Math.max(maxBuffered, splitter.bufferedBytes);
		assert.ok(splitter.bufferedBytes <= BOUND, `held ${splitter.bufferedBytes} bytes after chunk ${index} (bound ${BOUND})`);
		index++;
	}

	frames.push(...splitter.end());
	return {frames, maxBuffered};
}

/** Random chunk sizes from 1 byte to 4 KiB, cycling through the list: views, no copies. */
function chunked(data: Uint8Array, sizes: readonly number[]): Uint8Array[] {
	const chunks: Uint8Array[] = [];
	let offset = 0;
	for (let step = 0; offset < data.length; step++) {
		const size = sizes.length === 0 ? data.length : sizes[step % sizes.length]!;
		chunks.push(data.subarray(offset, offset + size));
		offset += size;
	}

	return chunks;
}

const has = (haystack: Uint8Array, needle: Uint8Array): boolean => Buffer.from(haystack).includes(Buffer.from(needle));
const chunkSizes = fc.array(fc.integer({min: 1, max: 4096}), {minLength: 1, maxLength: 50, size: 'max'});

/**
Any bytes, weighted towards the ones that mean something to a parser, up to 3 KiB.
`forbidden` are the sequences that would make the garbage a real part of the stream (a
delimiter line, an SOI): garbage holding one is not garbage, so it is cut out.
*/
function garbage(forbidden: readonly Uint8Array[]) {
	const byte = fc.oneof(
		{arbitrary: fc.integer({min: 0, max: 255}), weight: 4},
		{arbitrary: fc.constantFrom(0xFF, 0xD8, 0xD9, 0x0D, 0x0A, 0x2D), weight: 3},
	);
	return fc.array(byte, {minLength: 1, maxLength: 3072, size: 'max'}).map(bytes => {
		let data = Buffer.from(bytes);
		for (const sequence of forbidden) {
			// Removing one byte of each match may form a new one: repeat until none is left.
			for (let at = data.indexOf(sequence); at !== -1; at = data.indexOf(sequence)) {
				data = Buffer.concat([data.subarray(0, at), data.subarray(at + 1)]);
			}
		}

		return data;
	});
}

const frames = fc.array(fc.constantFrom(...pool), {minLength: 1, maxLength: 8, size: 'max'});

/**
Garbage before the first frame or delimiter decides nothing only if it looks like neither:
no SOI (by design an SOI there settles the stream as raw JPEG: cameras that declare
multipart and send bare JPEGs) and no `--`, which could make a line `--token` followed by a
part start, i.e. a real undeclared boundary (as ffmpeg's mpjpeg sends). A line end follows
it, or garbage ending in dashes would be part of the first delimiter line.
*/
const preamble = fc.option(garbage([Buffer.from(delimiter, 'latin1'), Buffer.from([0xFF, 0xD8]), Buffer.from('--')]), {nil: undefined});

type Bodies = typeof pool;
type Garbage = Buffer | undefined;

/**
The frames `stream` makes of random bodies, a random preamble and random `junk` in `slots`
places, fed in random chunks: every frame comes out, and the splitter's held bytes stay
under the bound after every chunk (feedBounded).
*/
function assertEveryFrameRecovered(junk: fc.Arbitrary<Buffer>, slots: number, stream: (bodies: Bodies, first: Garbage, between: Garbage[]) => Buffer, options: FrameSplitterOptions): void {
	fc.assert(fc.property(
		frames,
		preamble,
		fc.array(fc.option(junk, {nil: undefined}), {minLength: slots, maxLength: slots}),
		chunkSizes,
		(bodies, first, between, sizes) => {
			const result = feedBounded(chunked(stream(bodies, first, between), sizes), options);
			assert.deepEqual(result.frames.map(frame => Buffer.from(frame.data)), bodies);
		},
	), {numRuns: 150});
}

/** A multipart stream of `bodies` after `first`, with `between[i]` before part i's closing delimiter. */
function multipartWithGarbage(bodies: Bodies, first: Garbage, between: Garbage[], part: Partial<PartSpec> = {}): Buffer {
	const parts: PartSpec[] = bodies.map((body, index) => ({...part, body, garbageBeforeDelimiter: between[index]}));
	return Buffer.concat([first ?? Buffer.alloc(0), Buffer.from('\r\n'), multipartStream(parts, {delimiter})]);
}

test('multipart with right Content-Lengths and any garbage between parts: every frame recovered, memory bounded, chunking irrelevant', () => {
	const junk = garbage([Buffer.from(delimiter, 'latin1')]);
	assertEveryFrameRecovered(junk, 8, (bodies, first, between) => multipartWithGarbage(bodies, first, between), {contentType});
});

test('multipart without Content-Length and any garbage that holds no EOI: every frame recovered, memory bounded', () => {
	// Without a length the body runs to the next delimiter; it is cut after its last EOI, so garbage may hold anything but an EOI.
	const junk = garbage([Buffer.from(delimiter, 'latin1'), Buffer.from([0xFF, 0xD9])]);
	assertEveryFrameRecovered(junk, 8, (bodies, first, between) => multipartWithGarbage(bodies, first, between, {contentLength: 'none'}), {contentType});
});

test('raw JPEG with any garbage that holds no SOI between frames: every frame recovered, memory bounded', () => {
	const junk = garbage([Buffer.from([0xFF, 0xD8])]);
	assertEveryFrameRecovered(junk, 7, (bodies, first, between) => rawJpegStream(bodies, [first, ...between]), {});
});

test('a valid stream survives an oversized part and an endless one before it: later frames recovered, memory bounded', () => {
	fc.assert(fc.property(
		frames,
		fc.integer({min: maxFrameBytes + 1, max: 200_000}),
		fc.integer({min: maxFrameBytes + 1, max: 100_000}),
		chunkSizes,
		(bodies, declared, endless, sizes) => {
			const filler = Buffer.alloc(Math.max(declared, endless), 0x41);
			const stream = Buffer.concat([
				// A part that declares more than the limit: skipped by its length, never held.
				Buffer.from(`${delimiter}\r\nContent-Type: image/jpeg\r\nContent-Length: ${declared}\r\n\r\n`, 'latin1'),
				filler.subarray(0, declared),
				// A part with no length that runs past the limit: dropped, resynced at the next delimiter.
				Buffer.from(`\r\n${delimiter}\r\nContent-Type: image/jpeg\r\n\r\n`, 'latin1'),
				Buffer.from([0xFF, 0xD8]),
				filler.subarray(0, endless),
				Buffer.from('\r\n'),
				multipartStream(bodies.map(body => ({body})), {delimiter}),
			]);
			const splitter = new FrameSplitter({contentType, maxFrameBytes, maxHeaderBytes});
			const got: Frame[] = [];
			for (const chunk of chunked(stream, sizes)) {
				got.push(...splitter.push(chunk));
				assert.ok(splitter.bufferedBytes <= BOUND, `held ${splitter.bufferedBytes}`);
			}

			got.push(...splitter.end());
			assert.deepEqual(got.map(frame => Buffer.from(frame.data)), bodies);
			assert.equal(splitter.stats.oversizedFrames, 2);
		},
	), {numRuns: 60});
});

test('any bytes at all, hundreds of kilobytes, under every framing: never throws, memory bounded after every chunk', () => {
	const anyBytes = fc.array(fc.oneof(
		fc.uint8Array({minLength: 1, maxLength: 16_384, size: 'max'}),
		fc.constantFrom(
			Buffer.from(`\r\n${delimiter}\r\n`, 'latin1'),
			Buffer.from('Content-Length: 99999999\r\n\r\n', 'latin1'),
			Buffer.from('Content-Type: image/jpeg\r\n', 'latin1'),
			Buffer.from([0xFF, 0xD8, 0xFF, 0xE0, 0xFF, 0xFF]),
			Buffer.from([0xFF, 0xD9]),
		),
		fc.constantFrom(...pool),
	), {maxLength: 40, size: 'max'}).map(pieces => Buffer.concat(pieces));
	fc.assert(fc.property(
		fc.constantFrom(contentType, undefined, 'multipart/x-mixed-replace', 'image/jpeg', 'text/html'),
		anyBytes,
		chunkSizes,
		(declared, stream, sizes) => {
			const result = feedBounded(chunked(stream, sizes), {contentType: declared});
			for (const frame of result.frames) {
				assert.ok(frame.data.length <= maxFrameBytes);
				assert.deepEqual([frame.data[0], frame.data[1]], [0xFF, 0xD8]);
			}
		},
	), {numRuns: 150});
});

test('the garbage generator really makes hostile bytes (0xFF, line ends, dashes) and never the forbidden ones', () => {
	const sample = fc.sample(garbage([Buffer.from(delimiter, 'latin1')]), {numRuns: 50, seed: 6});
	const all = Buffer.concat(sample);
	for (const byte of [0xFF, 0x0D, 0x0A, 0x2D, 0xD8, 0xD9]) {
		assert.ok(all.includes(byte), `byte ${byte} appears`);
	}

	assert.ok(sample.every(data => !has(data, Buffer.from(delimiter, 'latin1'))));
});
