import {Buffer} from 'node:buffer';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {FrameSplitter, MAX_FRAME_BYTES, MAX_PART_HEADER_BYTES} from '../../source/ingest/frame-splitter.js';
import type {Frame} from '../../source/ingest/types.js';
import {jpegFixtures} from '../fixtures/jpegs.js';
import {multipartStream, rawJpegStream} from '../fixtures/streams.js';

const jpegs = await jpegFixtures();
const [s0, s1, s2] = jpegs.small as [Buffer, Buffer, Buffer];
const contentType = 'multipart/x-mixed-replace; boundary=limit';
const filler = Buffer.alloc(64 * 1024, 0x41);

/** Push `count` filler chunks, checking the splitter never holds more than `bound` bytes. */
function pushFiller(splitter: FrameSplitter, count: number, bound: number): Frame[] {
	const frames: Frame[] = [];
	for (let index = 0; index < count; index++) {
		frames.push(...splitter.push(filler));
		assert.ok(splitter.bufferedBytes <= bound, `held ${splitter.bufferedBytes} bytes after ${index + 1} chunks`);
	}

	return frames;
}

test('the named limits are exported', () => {
	assert.equal(MAX_FRAME_BYTES, 16 * 1024 * 1024);
	assert.equal(MAX_PART_HEADER_BYTES, 16 * 1024);
});

test('a part declaring Content-Length 2 GiB is skipped without buffering it', () => {
	const splitter = new FrameSplitter({contentType});
	const frames = [
		...splitter.push(multipartStream([{body: s0}], {delimiter: '--limit'})),
		...splitter.push(Buffer.from('--limit\r\nContent-Type: image/jpeg\r\nContent-Length: 2147483648\r\n\r\n', 'latin1')),
		// 4 MiB of the huge part arrive: none of it is kept.
		...pushFiller(splitter, 64, 1024),
		...splitter.push(multipartStream([{body: s1}], {delimiter: '\r\n--limit'})),
		...splitter.end(),
	];
	assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), [s0, s1]);
	assert.equal(splitter.stats.oversizedFrames, 1);
	assert.equal(splitter.stats.skippedBytes, 64 * filler.length + 2);
});

test('an endless part without Content-Length is dropped once it passes maxFrameBytes', () => {
	const maxFrameBytes = 256 * 1024;
	const splitter = new FrameSplitter({contentType, maxFrameBytes});
	const start = Buffer.concat([
		multipartStream([{body: s0}], {delimiter: '--limit'}),
		Buffer.from('--limit\r\nContent-Type: image/jpeg\r\n\r\n', 'latin1'),
		s2.subarray(0, 100),
	]);
	const frames = [...splitter.push(start), ...pushFiller(splitter, 40, maxFrameBytes + filler.length)];
	// The part is gone for good: only a fraction of a chunk past the limit was ever held.
	assert.equal(splitter.stats.oversizedFrames, 1);
	assert.ok(splitter.bufferedBytes < 64, `still holding ${splitter.bufferedBytes} bytes`);
	frames.push(...splitter.push(multipartStream([{body: s1}], {delimiter: '\r\n--limit'})), ...splitter.end());
	assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), [s0, s1]);
	assert.equal(splitter.stats.partsWithoutLength, 1);
});

test('the same endless part fed in one chunk gives the same outcome', () => {
	const maxFrameBytes = 256 * 1024;
	const stream = Buffer.concat([
		multipartStream([{body: s0}], {delimiter: '--limit'}),
		Buffer.from('--limit\r\nContent-Type: image/jpeg\r\n\r\n', 'latin1'),
		Buffer.concat(Array.from({length: 8}, () => filler)),
		multipartStream([{body: s1}], {delimiter: '\r\n--limit'}),
	]);
	const inOne = new FrameSplitter({contentType, maxFrameBytes});
	const frames = [...inOne.push(stream), ...inOne.end()];
	assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), [s0, s1]);
	const inChunks = new FrameSplitter({contentType, maxFrameBytes});
	for (let offset = 0; offset < stream.length; offset += 1000) {
		inChunks.push(stream.subarray(offset, offset + 1000));
	}

	inChunks.end();
	assert.deepEqual(inChunks.stats, inOne.stats);
	assert.equal(inOne.stats.oversizedFrames, 1);
});

test('a raw JPEG that never ends is dropped at maxFrameBytes', () => {
	const maxFrameBytes = 128 * 1024;
	const splitter = new FrameSplitter({maxFrameBytes});
	// SOI, then a scan that never reaches a marker.
	const frames = [...splitter.push(s0), ...splitter.push(Buffer.from([0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02]))];
	frames.push(...pushFiller(splitter, 8, maxFrameBytes + filler.length));
	assert.equal(splitter.stats.oversizedFrames, 1);
	frames.push(...splitter.push(s1), ...splitter.end());
	assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), [s0, s1]);
});

test('a raw JPEG segment length pointing past maxFrameBytes drops the frame', () => {
	const maxFrameBytes = 1024;
	const splitter = new FrameSplitter({maxFrameBytes});
	const big = commentOnlyJpegStart(0xFFF0);
	const frames = [...splitter.push(rawJpegStream([big, s0])), ...splitter.end()];
	assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), [s0]);
	assert.equal(splitter.stats.oversizedFrames, 1);
});

test('a header block above maxHeaderBytes is counted and skipped', () => {
	const maxHeaderBytes = 1024;
	const splitter = new FrameSplitter({contentType, maxHeaderBytes});
	const stream = multipartStream([{body: s0}, {body: s1, headers: [`X-Junk: ${'j'.repeat(5000)}`]}, {body: s2}], {delimiter: '--limit'});
	const frames = [...splitter.push(stream), ...splitter.end()];
	assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), [s0, s2]);
	assert.equal(splitter.stats.oversizedHeaders, 1);
	assert.equal(splitter.stats.resyncs, 1);
});

test('a preamble of endless garbage is skipped, not kept', () => {
	const splitter = new FrameSplitter({contentType});
	pushFiller(splitter, 16, MAX_PART_HEADER_BYTES * 2);
	assert.equal(splitter.stats.framing, 'unknown');
	const frames = [...splitter.push(Buffer.from('\r\n')), ...splitter.push(multipartStream([{body: s0}], {delimiter: '--limit'})), ...splitter.end()];
	assert.deepEqual(frames.map(frame => Buffer.from(frame.data)), [s0]);
	assert.equal(splitter.stats.skippedBytes, 16 * filler.length + 2);
});

test('partHeaderNames is capped at 32 names', () => {
	const headers = Array.from({length: 40}, (_, index) => `X-Header-${index}: ${index}`);
	const splitter = new FrameSplitter({contentType});
	const frames = [...splitter.push(multipartStream([{body: s0, headers}], {delimiter: '--limit'})), ...splitter.end()];
	assert.equal(frames[0]?.headers.length, 42);
	assert.equal(splitter.stats.partHeaderNames.length, 32);
	assert.deepEqual(splitter.stats.partHeaderNames.slice(0, 3), ['content-type', 'content-length', 'x-header-0']);
});

/** A JPEG with a COM segment of `length` declared bytes in front of its tables (most never sent). */
function commentOnlyJpegStart(length: number): Buffer {
	return Buffer.concat([Buffer.from([0xFF, 0xD8, 0xFF, 0xFE, length >> 8, length & 0xFF]), Buffer.alloc(2000, 0x20)]);
}
