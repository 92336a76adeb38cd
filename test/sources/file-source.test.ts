import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {PassThrough} from 'node:stream';
import {Camera} from '../../source/camera/camera.js';
import {openFileSource} from '../../source/ingest/file-source.js';
import {resolveKind} from '../../source/ingest/open-source.js';
import {ReplayClock, frameTimestampMs} from '../../source/ingest/replay-clock.js';
import {noiseJpeg} from '../fixtures/jpegs.js';
import {multipartStream, rawJpegStream} from '../fixtures/streams.js';
import {waitFor} from '../camera/helpers.js';
import {recordSource} from './record.js';

const directory = mkdtempSync(path.join(tmpdir(), 'camtop-file-'));
process.on('exit', () => {
	rmSync(directory, {recursive: true, force: true});
});

const jpegs = await Promise.all([0, 1, 2, 3, 4].map(async hue => noiseJpeg(48, 32, {hue})));

function save(name: string, data: Uint8Array): string {
	const file = path.join(directory, name);
	writeFileSync(file, data);
	return file;
}

/** A saved multipart body whose X-Timestamps are `gapMs` apart. */
function timedMultipart(gapMs: number): Buffer {
	return multipartStream(jpegs.map((body, index) => ({body, headers: [`X-Timestamp: ${(1_732_170_000 + (index * gapMs / 1000)).toFixed(3)}`]})), {delimiter: '--myboundary'});
}

const sameBytes = (actual: Uint8Array[], expected: Uint8Array[]) => {
	assert.equal(actual.length, expected.length);
	for (const [index, frame] of actual.entries()) {
		assert.ok(Buffer.from(frame).equals(Buffer.from(expected[index]!)), `frame ${index} differs`);
	}
};

describe('file replay', () => {
	test('raw concatenated JPEGs, as fast as possible: every frame, byte for byte, then a finite end', async () => {
		const file = save('raw.mjpg', rawJpegStream(jpegs));
		const recording = recordSource(openFileSource, {url: file, replayFps: 0});
		await recording.settled();
		assert.deepEqual(recording.errors, []);
		assert.equal(recording.response?.finite, true);
		sameBytes(recording.frames, jpegs);
	});

	test('a saved multipart body plays at the rate its X-Timestamps imply (never early)', async () => {
		const file = save('timed.mjpg', timedMultipart(60));
		const recording = recordSource(openFileSource, {url: file});
		await recording.settled();
		sameBytes(recording.frames, jpegs);
		const first = recording.chunks[0]!.at;
		for (const [index, chunk] of recording.chunks.entries()) {
			// Timers may fire a millisecond early by rounding; a frame is never a whole gap early.
			assert.ok(chunk.at - first >= (index * 60) - 2, `frame ${index} at ${chunk.at - first} ms`);
		}
	});

	test('replayFps overrides the timestamps; loop starts the file again', async () => {
		const file = save('loop.mjpg', timedMultipart(10_000));
		const recording = recordSource(openFileSource, {url: file, replayFps: 200, loop: true});
		await recording.frameCount(jpegs.length * 2 + 1);
		recording.handle.close();
		assert.deepEqual(recording.errors, []);
		assert.equal(recording.ended, false);
		assert.equal(recording.response?.frameIntervalMs, 5);
		sameBytes(recording.frames.slice(jpegs.length, jpegs.length * 2), jpegs);
	});

	test('an empty file, a file with no JPEG and a missing file fail clearly', async () => {
		const cases: Array<[string, string, RegExp]> = [
			[save('empty.mjpg', new Uint8Array()), 'ERR_NOT_MJPEG', /it is empty/],
			[save('text.mjpg', Buffer.from('hello, this is not a video\n'.repeat(20))), 'ERR_NOT_MJPEG', /no JPEG frame in its 540 bytes .*"kind": "ffmpeg"/],
			[path.join(directory, 'missing.mjpg'), 'ERR_CONFIG', /no such file/],
		];
		for (const [file, code, message] of cases) {
			const recording = recordSource(openFileSource, {url: file, loop: true});
			await recording.settled();
			assert.equal(recording.errors[0]?.code, code, file);
			assert.match(recording.errors[0].message, message);
		}
	});
});

describe('stdin', () => {
	test('a stream piped in arrives as it comes, split however the pipe splits it, and ends', async () => {
		const stdin = new PassThrough();
		const recording = recordSource((options, handlers) => openFileSource(options, handlers, {stdin}), {url: '-'});
		const body = timedMultipart(0);
		for (let offset = 0; offset < body.length; offset += 777) {
			stdin.write(body.subarray(offset, offset + 777));
		}

		await recording.frameCount(jpegs.length - 1);
		stdin.end();
		await recording.settled();
		assert.equal(recording.ended, true);
		sameBytes(recording.frames, jpegs);
	});
});

describe('through a Camera', () => {
	test('a file camera goes live, then ended with the last frame kept and no retry', async () => {
		const file = save('camera.mjpg', rawJpegStream(jpegs));
		const camera = new Camera(0, {name: 'file', url: file, replayFps: 100});
		try {
			camera.start();
			await waitFor(() => camera.state === 'ended', 'the camera to reach ended');
			const snapshot = camera.snapshot();
			assert.equal(snapshot.frames, jpegs.length);
			assert.equal(snapshot.retryAt, undefined);
			assert.equal(snapshot.reason, 'end of the recording');
			assert.ok(Buffer.from(camera.latest!.frame.data).equals(jpegs.at(-1)!));
		} finally {
			camera.stop();
		}
	});
});

test('ReplayClock: timestamps in seconds or ms, gaps clamped, fps wins, lag restarts the schedule', () => {
	const frame = (timestamp?: string) => ({data: new Uint8Array(), headers: timestamp === undefined ? [] : [['X-Timestamp', timestamp] as const]});
	assert.equal(frameTimestampMs(frame('1732170000.5')), 1_732_170_000_500);
	assert.equal(frameTimestampMs(frame('1732170000500')), 1_732_170_000_500);
	assert.equal(frameTimestampMs(frame('soon')), undefined);

	const clock = new ReplayClock({fps: undefined, fallbackFps: 25});
	assert.equal(clock.dueAt(frame('100.000'), 1000), 1000);
	assert.equal(clock.dueAt(frame('100.200'), 1000), 1200);
	assert.equal(clock.dueAt(frame('900.000'), 1000), 6200, 'a long pause plays as 5 s');
	assert.equal(clock.dueAt(frame(), 1000), 6240, 'no timestamp: the fallback rate');
	assert.equal(clock.dueAt(frame(), 20_000), 20_000, 'far behind: start over from now');

	const fixed = new ReplayClock({fps: 10, fallbackFps: 25});
	fixed.dueAt(frame('1'), 0);
	assert.equal(fixed.dueAt(frame('2'), 0), 100);
});

test('resolveKind picks the reader from the URL', () => {
	const table: Array<[string, string]> = [
		['http://cam/video.cgi', 'mjpeg'],
		['https://cam/live/index.m3u8', 'ffmpeg'],
		['tcp://127.0.0.1:5000', 'tcp'],
		['rtsp://cam/stream1', 'ffmpeg'],
		['rtmp://cam/live', 'ffmpeg'],
		['mms://cam/live', 'ffmpeg'],
		['-', 'stdin'],
		['/dev/video0', 'ffmpeg'],
		['clip.mp4', 'ffmpeg'],
		['saved.mjpg', 'file'],
		[save('sniffed-jpeg.bin', rawJpegStream(jpegs)), 'file'],
		[save('sniffed-multipart', timedMultipart(1)), 'file'],
		[save('sniffed-other.bin', Buffer.from('\u0000\u0000\u0000 ftypisom')), 'ffmpeg'],
	];
	for (const [url, kind] of table) {
		assert.equal(resolveKind({url}), kind, url);
	}

	assert.equal(resolveKind({url: 'http://cam/x.jpg', kind: 'snapshot'}), 'snapshot');
});
