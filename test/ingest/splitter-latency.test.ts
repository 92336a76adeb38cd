import {Buffer} from 'node:buffer';
import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import {jpegFixtures} from '../fixtures/jpegs.js';
import {multipartStream, rawJpegStream, type PartSpec} from '../fixtures/streams.js';

const jpegs = await jpegFixtures();
const [s0, s1, s2] = jpegs.small as [Buffer, Buffer, Buffer];
const bodies = [s0, jpegs.exif[0]!, s1, jpegs.restart, s2];
const delimiter = '--latency';
const contentType = 'multipart/x-mixed-replace; boundary=latency';
const END = Number.POSITIVE_INFINITY;

/**
A stream and, for each frame, how many stream bytes must have been pushed for it to come
out (END: only end() may emit it).
*/
type LatencyCase = {name: string; contentType: string | undefined; stream: Buffer; frames: Buffer[]; due: number[]};

/** Where each body lies in the stream (bodies never hold the delimiter, so indexOf finds them). */
function bodyEnds(stream: Buffer, frames: readonly Buffer[]): number[] {
	let from = 0;
	return frames.map(frame => {
		const start = stream.indexOf(frame, from);
		assert.ok(start >= 0);
		from = start + frame.length;
		return from;
	});
}

/** Without Content-Length a body ends when the delimiter line after it is whole. */
function delimiterLineEnds(stream: Buffer, frames: readonly Buffer[]): number[] {
	return bodyEnds(stream, frames).map(end => {
		const next = stream.indexOf(`${delimiter}\r\n`, end, 'latin1');
		return next === -1 ? END : next + delimiter.length + 2;
	});
}

function multipart(name: string, parts: PartSpec[], dueOf: (stream: Buffer, frames: Buffer[]) => number[]): LatencyCase {
	const stream = multipartStream(parts, {delimiter});
	const frames = parts.map(part => Buffer.from(part.body));
	return {name, contentType, stream, frames, due: dueOf(stream, frames)};
}

const cases: LatencyCase[] = [
	multipart('Content-Length: each frame as soon as its body is whole, the last one too', bodies.map(body => ({body})), bodyEnds),
	multipart('Content-Length, then garbage after a body', bodies.map((body, index) => ({body, garbageAfterBody: index === 1 ? Buffer.from('junk') : undefined})), bodyEnds),
	multipart('no Content-Length: at the next delimiter line, as before', bodies.map(body => ({body, contentLength: 'none'})), delimiterLineEnds),
	{name: 'raw JPEGs: at each EOI', contentType: undefined, stream: rawJpegStream(bodies), frames: bodies, due: bodyEnds(rawJpegStream(bodies), bodies)},
];

/**
Push the chunks; after each push, check that exactly the frames due by then are out.
Returns the frames in order (end()'s last) so the caller can compare them too.
*/
function pushChecking(fixture: LatencyCase, chunks: readonly Uint8Array[], label: string): Buffer[] {
	const splitter = new FrameSplitter({contentType: fixture.contentType});
	const out: Buffer[] = [];
	let pushed = 0;
	for (const chunk of chunks) {
		out.push(...splitter.push(chunk).map(frame => Buffer.from(frame.data)));
		pushed += chunk.length;
		const due = fixture.due.filter(position => position <= pushed).length;
		assert.equal(out.length, due, `${label}: frames out after ${pushed} bytes`);
	}

	out.push(...splitter.end().map(frame => Buffer.from(frame.data)));
	return out;
}

function assertFrames(actual: readonly Buffer[], expected: readonly Buffer[], label: string): void {
	assert.equal(actual.length, expected.length, `${label}: frame count`);
	for (const [index, frame] of actual.entries()) {
		assert.ok(frame.equals(expected[index]!), `${label}: frame ${index} bytes`);
	}
}

describe('FrameSplitter emits a frame from the push() that completes it', () => {
	for (const fixture of cases) {
		describe(fixture.name, () => {
			test('whole stream in one push', () => {
				assertFrames(pushChecking(fixture, [fixture.stream], 'whole'), fixture.frames, 'whole');
			});

			test('byte by byte', () => {
				const bytes = Array.from({length: fixture.stream.length}, (_, index) => fixture.stream.subarray(index, index + 1));
				assertFrames(pushChecking(fixture, bytes, 'byte by byte'), fixture.frames, 'byte by byte');
			});

			test('two chunks split at every offset', () => {
				for (let offset = 0; offset <= fixture.stream.length; offset++) {
					const chunks = [fixture.stream.subarray(0, offset), fixture.stream.subarray(offset)];
					assertFrames(pushChecking(fixture, chunks, `split at ${offset}`), fixture.frames, `split at ${offset}`);
				}
			});
		});
	}
});

describe('an early frame is still checked against the bytes after it', () => {
	const expectBody = (stream: Buffer, body: Buffer): number => stream.indexOf(body) + body.length;

	test('garbage instead of a delimiter: one frame, one resync, the garbage skipped', () => {
		const garbage = Buffer.from('no delimiter here');
		const stream = multipartStream([{body: s0, garbageAfterBody: garbage}, {body: s1}], {delimiter});
		const splitter = new FrameSplitter({contentType});
		const first = splitter.push(stream.subarray(0, expectBody(stream, s0)));
		assert.equal(first.length, 1);
		assert.equal(splitter.stats.resyncs, 0, 'nothing is known about the bytes after it yet');
		const rest = [...splitter.push(stream.subarray(expectBody(stream, s0))), ...splitter.end()];
		assert.deepEqual(rest.map(frame => Buffer.from(frame.data)), [s1]);
		assert.equal(splitter.stats.frames, 2);
		assert.equal(splitter.stats.resyncs, 1);
		assert.equal(splitter.stats.contentLengthMismatches, 0);
		// The garbage and the line end before the next delimiter.
		assert.equal(splitter.stats.skippedBytes, garbage.length + 2);
	});

	test('a Content-Length that does not end at an EOI waits for the delimiter, as before', () => {
		const stream = multipartStream([{body: s0, contentLength: s0.length - 1}, {body: s1}], {delimiter});
		const splitter = new FrameSplitter({contentType});
		assert.deepEqual(splitter.push(stream.subarray(0, expectBody(stream, s0))), []);
		const rest = [...splitter.push(stream.subarray(expectBody(stream, s0))), ...splitter.end()];
		assert.deepEqual(rest.map(frame => Buffer.from(frame.data)), [s0, s1]);
		assert.equal(splitter.stats.contentLengthMismatches, 1);
	});

	test('a Content-Length too long (past the EOI) is found by the delimiter inside it, as before', () => {
		const stream = multipartStream([{body: s0, contentLength: s0.length + 40}, {body: s1}], {delimiter});
		const splitter = new FrameSplitter({contentType});
		const frames = [...splitter.push(stream), ...splitter.end()];
		assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), [s0, s1]);
		assert.equal(splitter.stats.contentLengthMismatches, 1);
	});
});
