import {Buffer} from 'node:buffer';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import {jpegFixtures} from '../fixtures/jpegs.js';
import {feed} from '../fixtures/splitter-cases.js';
import {multipartStream} from '../fixtures/streams.js';

const jpegs = await jpegFixtures();
const [s0, s1, s2] = jpegs.small as [Buffer, Buffer, Buffer];
const [e0] = jpegs.exif as [Buffer];
const contentType = 'multipart/x-mixed-replace; boundary=q';
const text = (value: string): Buffer => Buffer.from(value, 'latin1');
const bytesOf = (frames: Array<{data: Uint8Array}>): Buffer[] => frames.map(frame => Buffer.from(frame.data));

/** Whole, and split at every offset: the same frames and counters each time. */
function splitEverywhere(stream: Buffer, options = {contentType}): ReturnType<typeof feed> {
	const whole = feed([stream], options);
	for (let offset = 0; offset <= stream.length; offset++) {
		const split = feed([stream.subarray(0, offset), stream.subarray(offset)], options);
		assert.deepEqual(bytesOf(split.frames), bytesOf(whole.frames), `split at ${offset}`);
		assert.deepEqual(split.stats, whole.stats, `split at ${offset}`);
	}

	return whole;
}

test('header names are case-insensitive; Content-Length is used whatever its spelling', () => {
	const stream = multipartStream([{body: s0, lengthHeaderName: 'CONTENT-LENGTH'}, {body: s1, lengthHeaderName: 'content-length'}], {delimiter: '--q'});
	const result = splitEverywhere(stream);
	assert.deepEqual(bytesOf(result.frames), [s0, s1]);
	assert.equal(result.stats.partsWithoutLength, 0);
	assert.deepEqual(result.stats.partHeaderNames, ['content-type', 'content-length']);
});

test('a Content-Length that is not a plain number counts as missing', () => {
	const stream = multipartStream([{body: s0, contentLength: 'abc'}, {body: s1, contentLength: '-5'}, {body: s2, contentLength: '12abc'}], {delimiter: '--q'});
	const result = splitEverywhere(stream);
	assert.deepEqual(bytesOf(result.frames), [s0, s1, s2]);
	assert.equal(result.stats.partsWithoutLength, 3);
	assert.equal(result.stats.contentLengthMismatches, 0);
});

test('a JPEG right after the last header line, with no blank line', () => {
	const stream = Buffer.concat([text(`--q\r\nContent-Type: image/jpeg\r\nContent-Length: ${s0.length}\r\n`), s0, text('\r\n--q\r\n\r\n'), s1, text('\r\n')]);
	const result = splitEverywhere(stream);
	assert.deepEqual(bytesOf(result.frames), [s0, s1]);
	assert.equal(result.stats.skippedBytes, 0);
});

test('header lines without a colon and folded lines are ignored', () => {
	const stream = multipartStream([{body: s0, headers: ['this is not a header', ' folded continuation', 'X-Ok: yes']}], {delimiter: '--q'});
	const result = splitEverywhere(stream);
	assert.deepEqual(bytesOf(result.frames), [s0]);
	assert.deepEqual(result.frames[0]?.headers.map(([name]) => name), ['Content-Type', 'Content-Length', 'X-Ok']);
});

test('transport padding after the delimiter and extra line ends before it', () => {
	const stream = Buffer.concat([
		text(`--q  \t\r\nContent-Length: ${s0.length}\r\n\r\n`), s0,
		text(`\r\n\r\n--q\r\nContent-Length: ${s1.length}\r\n\r\n`), s1, text('\r\n'),
	]);
	const result = splitEverywhere(stream);
	assert.deepEqual(bytesOf(result.frames), [s0, s1]);
	assert.equal(result.stats.resyncs, 0);
	assert.equal(result.stats.contentLengthMismatches, 0);
});

test('a close delimiter, an epilogue, then the stream goes on', () => {
	const stream = Buffer.concat([multipartStream([{body: s0}], {delimiter: '--q', epilogue: 'restart\r\n'}), multipartStream([{body: s1}], {delimiter: '--q'})]);
	const result = splitEverywhere(stream);
	assert.deepEqual(bytesOf(result.frames), [s0, s1]);
});

test('a dashed preamble line not followed by headers is not taken for a delimiter', () => {
	const stream = Buffer.concat([text('-- hello\r\n\x01\x02 world\r\n'), multipartStream([{body: s0}], {delimiter: '--sniffed'})]);
	const result = splitEverywhere(stream, {contentType: 'multipart/x-mixed-replace'});
	assert.deepEqual(bytesOf(result.frames), [s0]);
	assert.equal(result.stats.seenBoundary, '--sniffed');
});

test('the EXIF fixture really holds an inner EOI that a naive FF D9 search would stop at', () => {
	const inner = e0.indexOf(Buffer.from([0xFF, 0xD9]));
	assert.ok(inner > 0 && inner < e0.length - 2);
	const result = feed([e0, e0]);
	assert.deepEqual(bytesOf(result.frames), [e0, e0]);
});

test('zero-copy: a frame inside one plain Uint8Array chunk is a view of it', () => {
	const stream = multipartStream([{body: s0}, {body: s1}], {delimiter: '--q'});
	const chunk = new Uint8Array(stream);
	const splitter = new FrameSplitter({contentType});
	const frames = [...splitter.push(chunk), ...splitter.end()];
	assert.equal(frames.length, 2);
	for (const frame of frames) {
		assert.equal(frame.data.buffer, chunk.buffer);
	}
});

test('a frame spanning chunks is a fresh copy, not a view of any chunk', () => {
	const stream = multipartStream([{body: s0}], {delimiter: '--q'});
	const middle = 100;
	const chunks = [new Uint8Array(stream.subarray(0, middle)), new Uint8Array(stream.subarray(middle))];
	const splitter = new FrameSplitter({contentType});
	const frames = [...splitter.push(chunks[0]!), ...splitter.push(chunks[1]!), ...splitter.end()];
	assert.deepEqual(bytesOf(frames), [s0]);
	assert.notEqual(frames[0]?.data.buffer, chunks[0]?.buffer);
	assert.notEqual(frames[0]?.data.buffer, chunks[1]?.buffer);
	assert.equal(frames[0]?.data.byteLength, frames[0]?.data.buffer.byteLength);
});

test('empty chunks, and pushes after end(), are harmless', () => {
	const splitter = new FrameSplitter({contentType});
	assert.deepEqual(splitter.push(new Uint8Array(0)), []);
	const stream = multipartStream([{body: s0}], {delimiter: '--q'});
	const frames = [...splitter.push(stream), ...splitter.end()];
	assert.equal(frames.length, 1);
	assert.deepEqual(splitter.push(s1), []);
	assert.deepEqual(splitter.end(), []);
	assert.equal(splitter.stats.bytes, stream.length + s1.length);
	assert.equal(splitter.stats.skippedBytes, s1.length);
	assert.equal(splitter.bufferedBytes, 0);
});

test('the fixtures are what they claim: restart markers, a progressive scan', () => {
	const restart = jpegs.restart;
	const dri = restart.indexOf(Buffer.from([0xFF, 0xDD]));
	const sos = restart.indexOf(Buffer.from([0xFF, 0xDA]));
	assert.ok(dri !== -1 && dri < sos, 'DRI before the scan');
	const scan = restart.subarray(sos);
	assert.ok([0xD0, 0xD1, 0xD2].some(marker => scan.includes(Buffer.from([0xFF, marker]))), 'RSTn inside the scan');
	assert.ok(jpegs.progressive.includes(Buffer.from([0xFF, 0xC2])), 'SOF2 (progressive)');
	assert.equal(feed([restart]).frames.length, 1);
});
