import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import {Camera} from '../../source/camera/camera.js';
import type {CameraConfig} from '../../source/camera/types.js';
import {liveChildPids, stopAllChildren} from '../../source/ingest/ffmpeg-children.js';
import {packagedFfmpeg} from '../../source/ingest/ffmpeg-locate.js';
import {openFfmpegSource} from '../../source/ingest/ffmpeg-source.js';
import {freePort, waitFor} from '../camera/helpers.js';
import {gstMissing, startGst, type GstServer} from '../helpers/gst.js';
import {childProcesses, processExists} from '../helpers/proc.js';
import {recordSource} from './record.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

const ffmpegMissing = spawnSync('ffmpeg', ['-version'], {stdio: 'ignore'}).status === 0 ? false : 'ffmpeg not installed';
const directory = mkdtempSync(path.join(tmpdir(), 'camtop-ffmpeg-src-'));
process.on('exit', () => {
	rmSync(directory, {recursive: true, force: true});
});
/** The special characters the issue names, in an RTSP password. */
const PASSWORD = 'p@ss:w#rd%/,';

/** An H.264 file made by ffmpeg now: `seconds` of a 320x240 test picture at 10 fps. */
function makeH264(name: string, seconds: number): string {
	const file = path.join(directory, name);
	const result = spawnSync('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10',
		'-t', String(seconds), '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '10', '-pix_fmt', 'yuv420p', file,
	]);
	assert.equal(result.status, 0, result.stderr.toString());
	return file;
}

/** No ffmpeg child of this process left, running or zombie (read from /proc). */
async function noFfmpegLeft(what: string): Promise<void> {
	await waitFor(() => childProcesses('ffmpeg').length === 0, `no ffmpeg left ${what} (left: ${JSON.stringify(childProcesses('ffmpeg'))})`, 10_000);
}

async function withCamera(config: Omit<CameraConfig, 'name'>, body: (camera: Camera) => Promise<void>, backoffMs = [50]): Promise<void> {
	const camera = new Camera(0, {name: 'ffmpeg', ...config}, {backoffMs});
	try {
		camera.start();
		await body(camera);
	} finally {
		camera.stop();
	}

	await noFfmpegLeft('after stop');
}

describe('ffmpeg source', {skip: skipUnlessInstalled(ffmpegMissing)}, () => {
	let clip = '';
	let short = '';
	before(() => {
		clip = makeH264('clip.mp4', 30);
		short = makeH264('short.mp4', 1);
	});
	after(async () => {
		await stopAllChildren();
	});

	test('an H.264 file becomes MJPEG frames through the same splitter and Camera, scaled to maxWidth', async () => {
		await withCamera({url: clip, maxWidth: 160}, async camera => {
			await waitFor(() => camera.snapshot().frames >= 3, 'three frames', 20_000);
			assert.equal(camera.state, 'live');
			assert.equal(camera.snapshot().framing, 'jpeg');
			const {width, height, format} = await sharp(camera.latest!.frame.data).metadata();
			assert.deepEqual({width, height, format}, {width: 160, height: 120, format: 'jpeg'});
		});
	});

	test('a short file ends (state ended), and its ffmpeg is reaped', async () => {
		await withCamera({url: short}, async camera => {
			await waitFor(() => camera.state === 'ended', 'the end of the file', 20_000);
			assert.ok(camera.snapshot().frames >= 5);
			await noFfmpegLeft('after the end of the file');
		});
	});

	test('ffmpeg killed from outside: the camera says so, reconnects with a new ffmpeg, and the old one is gone', async () => {
		await withCamera({url: clip}, async camera => {
			await waitFor(() => camera.state === 'live', 'live', 20_000);
			const [first] = liveChildPids();
			assert.ok(first !== undefined);
			process.kill(first, 'SIGKILL');
			await waitFor(() => camera.snapshot().lastError?.message === 'ffmpeg was killed by SIGKILL', 'the kill to be reported', 10_000);
			await waitFor(() => camera.state === 'live' && liveChildPids().some(pid => pid !== first), 'live again with a new ffmpeg', 20_000);
			assert.equal(processExists(first), false, 'the killed ffmpeg was reaped (no zombie)');
		});
	});

	test('stop() while ffmpeg is still starting leaves no process behind', async () => {
		let spawned: ChildProcess | undefined;
		const source = openFfmpegSource({url: clip}, {
			onResponse() {
				// Not expected before close.
			},
			onData() {
				// Ignored.
			},
			onEnd() {
				// Ignored.
			},
			onError() {
				// Ignored.
			},
		}, {
			onSpawn(child) {
				spawned = child;
			},
		});
		await waitFor(() => spawned !== undefined, 'ffmpeg to be spawned', 10_000);
		source.close();
		await noFfmpegLeft('after close during start');
	});

	test('no ffmpeg where configured: ERR_FFMPEG_MISSING with how to fix it; nothing found anywhere: how to install it', async () => {
		const configured = recordSource(openFfmpegSource, {url: clip, ffmpegPath: path.join(directory, 'no-ffmpeg')});
		await configured.settled();
		assert.equal(configured.errors[0]?.code, 'ERR_FFMPEG_MISSING');
		assert.match(configured.errors[0].message, /ffmpeg not found at .*no-ffmpeg/);

		const nowhere = recordSource((options, handlers) => openFfmpegSource(options, handlers, {locate: {env: {PATH: directory}, packaged: () => undefined}}), {url: clip});
		await nowhere.settled();
		assert.equal(nowhere.errors[0]?.code, 'ERR_FFMPEG_MISSING');
		assert.match(nowhere.errors[0].message, /apt-get install ffmpeg/);

		await withCamera({url: clip, ffmpegPath: path.join(directory, 'no-ffmpeg')}, async camera => {
			await waitFor(() => camera.state === 'failed', 'failed', 5000);
			assert.match(camera.snapshot().reason ?? '', /ffmpeg not found/);
		});
	});

	test('no ffmpeg on PATH: the binary of the optional npm package (@ffmpeg-installer/ffmpeg, an older ffmpeg 4) is used', {skip: skipUnlessInstalled(packagedFfmpeg() === undefined ? 'the optional npm package is not installed' : false)}, async () => {
		const recording = recordSource((options, handlers) => openFfmpegSource(options, handlers, {locate: {env: {PATH: directory}}}), {url: clip});
		await recording.frameCount(3, 20_000);
		recording.handle.close();
		assert.deepEqual(recording.errors, []);
	});

	test('a file that is not a video: a clear message, failed', async () => {
		await withCamera({url: path.join(directory, 'nothing.mp4')}, async camera => {
			await waitFor(() => camera.state === 'failed', 'failed', 10_000);
			assert.match(camera.snapshot().reason ?? '', /no such file/);
		});
	});
});

describe('RTSP through ffmpeg from a real RTSP server (GStreamer gst-rtsp-server)', {skip: skipUnlessInstalled(ffmpegMissing || gstMissing)}, () => {
	let server: GstServer | undefined;
	let url = '';
	before(async () => {
		const clip = makeH264('rtsp.mp4', 60);
		server = await startGst(['rtsp', clip, 'admin', PASSWORD]);
		url = `rtsp://127.0.0.1:${server.port}/cam`;
	});
	after(async () => {
		await server?.stop();
		await stopAllChildren();
	});

	test('live H.264 over RTSP (TCP), with a password holding @ : # % / ,', async () => {
		await withCamera({url, username: 'admin', password: PASSWORD}, async camera => {
			await waitFor(() => camera.snapshot().frames >= 3, `three frames over RTSP (${camera.snapshot().reason ?? ''})`, 30_000);
			assert.equal(camera.state, 'live');
			const {width, height} = await sharp(camera.latest!.frame.data).metadata();
			assert.deepEqual({width, height}, {width: 320, height: 240});
		});
	});

	test('a wrong password is failed with "auth failed", and the reason never shows the password', async () => {
		await withCamera({url, username: 'admin', password: `${PASSWORD}-wrong`}, async camera => {
			await waitFor(() => camera.state === 'failed', 'failed', 20_000);
			const snapshot = camera.snapshot();
			assert.match(snapshot.reason ?? '', /^auth failed/);
			assert.ok(!(snapshot.reason ?? '').includes(PASSWORD));
			assert.ok(!snapshot.displayUrl.includes(PASSWORD));
			// The slow end of the schedule, not a tight loop that locks the account.
			assert.ok((snapshot.retryAt ?? 0) - Date.now() > 1000);
		}, [50, 60_000]);
	});

	test('a refused port: reconnecting, "connection refused"', async () => {
		await withCamera({url: `rtsp://127.0.0.1:${await freePort()}/cam`}, async camera => {
			await waitFor(() => camera.snapshot().lastError !== undefined, 'an error', 20_000);
			assert.equal(camera.snapshot().lastError?.code, 'ERR_CONNECT');
			assert.match(camera.snapshot().lastError?.message ?? '', /connection refused/);
		});
	});
});
