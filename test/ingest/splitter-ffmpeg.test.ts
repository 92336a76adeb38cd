import {Buffer} from 'node:buffer';
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {test} from 'node:test';
import sharp from 'sharp';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import type {Frame} from '../../source/ingest/types.js';
import {ffmpegMissing} from '../helpers/ffmpeg.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

const FFMPEG_DEADLINE_MS = 30_000;

/** Run ffmpeg (argument array, no shell) to completion and collect its stdout chunks as they came. */
async function ffmpegChunks(format: 'mpjpeg' | 'mjpeg'): Promise<Buffer[]> {
	const child = spawn('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-nostdin',
		'-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10',
		'-frames:v', '5', '-f', format, '-',
	], {stdio: ['ignore', 'pipe', 'pipe']});
	const chunks: Buffer[] = [];
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
	child.stderr.on('data', (chunk: Buffer) => {
		stderr += chunk.toString();
	});
	const deadline = setTimeout(() => child.kill('SIGKILL'), FFMPEG_DEADLINE_MS);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', resolve);
		});
		assert.equal(code, 0, `ffmpeg exited with ${code}: ${stderr}`);
	} finally {
		clearTimeout(deadline);
	}

	return chunks;
}

async function assertDecodable(frames: Frame[]): Promise<void> {
	for (const frame of frames) {
		const metadata = await sharp(frame.data).metadata();
		assert.equal(metadata.format, 'jpeg');
		assert.equal(metadata.width, 320);
		assert.equal(metadata.height, 240);
	}
}

test('ffmpeg -f mpjpeg (boundary "ffmpeg", none declared): 5 frames', {skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
	const chunks = await ffmpegChunks('mpjpeg');
	const splitter = new FrameSplitter();
	const frames = [...chunks.flatMap(chunk => splitter.push(chunk)), ...splitter.end()];
	assert.equal(frames.length, 5);
	assert.equal(splitter.stats.framing, 'multipart');
	assert.equal(splitter.stats.seenBoundary, '--ffmpeg');
	assert.equal(splitter.stats.contentLengthMismatches, 0);
	assert.equal(splitter.stats.skippedBytes, 0);
	assert.deepEqual(splitter.stats.partHeaderNames, ['content-type', 'content-length']);
	assert.equal(frames[0]?.headers[1]?.[0], 'Content-length');
	await assertDecodable(frames);
});

test('ffmpeg -f mpjpeg fed one byte at a time gives the same frames', {skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
	const whole = Buffer.concat(await ffmpegChunks('mpjpeg'));
	const splitter = new FrameSplitter({contentType: 'multipart/x-mixed-replace;boundary=ffmpeg'});
	const frames: Frame[] = [];
	for (let index = 0; index < whole.length; index++) {
		frames.push(...splitter.push(whole.subarray(index, index + 1)));
	}

	frames.push(...splitter.end());
	assert.equal(frames.length, 5);
	assert.equal(splitter.stats.declaredBoundary, 'ffmpeg');
	await assertDecodable(frames);
});

test('ffmpeg -f mjpeg (raw JPEG concatenation): 5 frames', {skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
	const chunks = await ffmpegChunks('mjpeg');
	const splitter = new FrameSplitter();
	const frames = [...chunks.flatMap(chunk => splitter.push(chunk)), ...splitter.end()];
	assert.equal(frames.length, 5);
	assert.equal(splitter.stats.framing, 'jpeg');
	assert.equal(splitter.stats.skippedBytes, 0);
	assert.equal(splitter.stats.frameBytes, splitter.stats.bytes);
	await assertDecodable(frames);
});
