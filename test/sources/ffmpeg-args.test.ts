import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {buildFfmpegArgs, type FfmpegArgsInput} from '../../source/ingest/ffmpeg-args.js';
import {ffmpegFailure, StderrRing, STDERR_LINES} from '../../source/ingest/ffmpeg-errors.js';
import {INSTALL_HINT, locateFfmpeg, parseFfmpegVersion} from '../../source/ingest/ffmpeg-locate.js';

const V5 = {major: 5, minor: 1};
const args = (input: Partial<FfmpegArgsInput> & {url: string}) => buildFfmpegArgs({timeoutMs: 5000, version: V5, ...input});
const after = (list: string[], option: string) => list[list.indexOf(option) + 1];

describe('buildFfmpegArgs', () => {
	test('RTSP: -nostdin, TCP transport by default, socket timeout, whitelist, the URL right after -i, MJPEG on stdout', () => {
		const list = args({url: 'rtsp://cam/stream1', username: 'admin', password: 'p@ss:w#rd%/,'});
		assert.ok(list.includes('-nostdin'));
		assert.equal(after(list, '-rtsp_transport'), 'tcp');
		assert.equal(after(list, '-timeout'), '5000000');
		assert.equal(after(list, '-protocol_whitelist'), 'rtsp,rtsps,rtp,srtp,udp,tcp,tls,http,https');
		assert.equal(after(list, '-i'), 'rtsp://admin:p%40ss%3Aw%23rd%25%2F%2C@cam/stream1');
		assert.deepEqual(list.slice(-3), ['-f', 'mjpeg', 'pipe:1']);
		assert.equal(after(list, '-vf'), String.raw`scale=w=min(iw\,1280):h=-2`);
		assert.equal(after(list, '-fps_mode'), 'vfr');
	});

	test('options that changed between ffmpeg releases follow the version', () => {
		const old = buildFfmpegArgs({url: 'rtsp://cam/', timeoutMs: 2000, version: {major: 4, minor: 1}});
		assert.equal(after(old, '-stimeout'), '2000000');
		assert.ok(!old.includes('-timeout'));
		assert.equal(after(old, '-vsync'), 'vfr');
		assert.deepEqual(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright'), {major: 5, minor: 1});
		assert.deepEqual(parseFfmpegVersion('ffmpeg version n7.0.2'), {major: 7, minor: 0});
		assert.deepEqual(parseFfmpegVersion('ffmpeg version N-112233-gdeadbeef'), {major: 99, minor: 0});
		// A static build names itself after a commit; its libraries tell the release.
		assert.deepEqual(parseFfmpegVersion('ffmpeg version N-47683-g0e8eb07980-static\nlibavformat    58. 25.100 / 58. 25.100'), {major: 4, minor: 0});
		assert.deepEqual(parseFfmpegVersion('ffmpeg version 5.1.9\nlibavformat    59. 27.100 / 59. 27.100'), {major: 5, minor: 1});
	});

	test('a URL starting with "-" is refused; user options come before -i; transport and width are configurable', () => {
		assert.throws(() => args({url: '-f lavfi'}), {code: 'ERR_CONFIG', message: /starts with "-"/});
		const list = args({url: 'rtsp://cam/', rtspTransport: 'udp', maxWidth: 320, ffmpegOptions: ['-analyzeduration', '1000000']});
		assert.equal(after(list, '-rtsp_transport'), 'udp');
		assert.ok(list.indexOf('-analyzeduration') < list.indexOf('-i'));
		assert.equal(after(list, '-vf'), String.raw`scale=w=min(iw\,320):h=-2`);
	});

	test('TLS verification is on unless insecure, with the CA file passed on', () => {
		const verified = args({url: 'https://cam/live.m3u8', ca: '/etc/cam-ca.pem', headers: {'X-Key': 'k'}});
		assert.equal(after(verified, '-tls_verify'), '1');
		assert.equal(after(verified, '-ca_file'), '/etc/cam-ca.pem');
		assert.equal(after(verified, '-headers'), 'X-Key: k\r\n');
		assert.equal(after(verified, '-protocol_whitelist'), 'http,https,tcp,tls,crypto');
		const insecure = args({url: 'rtsps://cam/', insecure: true, ca: '/x.pem'});
		assert.equal(after(insecure, '-tls_verify'), '0');
		assert.ok(!insecure.includes('-ca_file'));
		assert.ok(!args({url: 'rtsp://cam/'}).includes('-tls_verify'));
	});

	test('files play in real time from an absolute file: URL, loop on request; devices use v4l2; mms goes to mmsh', () => {
		const file = args({url: 'clips/a:b.mp4', loop: true});
		assert.equal(after(file, '-i'), `file:${path.resolve('clips/a:b.mp4')}`);
		assert.ok(file.includes('-re'));
		assert.equal(after(file, '-stream_loop'), '-1');
		assert.equal(after(file, '-protocol_whitelist'), 'file,crypto');
		const device = args({url: '/dev/video0'});
		assert.equal(after(device, '-f'), 'v4l2');
		assert.equal(after(device, '-i'), '/dev/video0');
		assert.equal(after(args({url: 'mms://media.example/live'}), '-i'), 'mmsh://media.example/live');
	});
});

describe('ffmpeg failures', () => {
	const context = {hasCredentials: true, what: 'rtsp://admin:***@cam/'};
	const exit = {code: 1, signal: null};
	test('known stderr lines become clear messages with the right code', () => {
		const table: Array<[string, string, RegExp]> = [
			['[rtsp @ 0x1] method DESCRIBE failed: 401 Unauthorized', 'ERR_AUTH', /^auth failed: the camera refused/],
			['rtsp://cam/: Server returned 404 Not Found', 'ERR_HTTP_STATUS', /404 Not Found/],
			['[tcp @ 0x1] Connection to tcp://cam:554?timeout=0 failed: Connection refused', 'ERR_CONNECT', /connection refused/],
			['[tcp @ 0x1] Failed to resolve hostname nowhere: Name or service not known', 'ERR_CONNECT', /host not found/],
			['rtsp://cam/: Connection timed out', 'ERR_TIMEOUT', /did not answer in time/],
			['[h264 @ 0x1] Decoder (codec hevc) not found for input stream #0:0', 'ERR_UNSUPPORTED', /unsupported codec hevc/],
			['x.bin: Invalid data found when processing input', 'ERR_UNSUPPORTED', /cannot read the input/],
			['[tls @ 0x1] The certificate is NOT trusted. The certificate issuer is unknown.', 'ERR_TLS', /"insecure": true/],
			['something else entirely', 'ERR_STREAM', /^ffmpeg exited with code 1: something else entirely$/],
		];
		for (const [line, code, message] of table) {
			const error = ffmpegFailure([line], exit, context);
			assert.equal(error.code, code, line);
			assert.match(error.message, message, line);
		}

		assert.equal(ffmpegFailure([], {code: null, signal: 'SIGKILL'}, context).message, 'ffmpeg was killed by SIGKILL');
		assert.match(ffmpegFailure(['401 Unauthorized'], exit, {...context, hasCredentials: false}).message, /none are configured/);
	});

	test('the stderr ring is bounded, printable, and never holds a password', () => {
		const ring = new StderrRing(['s3cret/pw']);
		for (let index = 0; index < STDERR_LINES * 3; index++) {
			ring.push(`line ${index}\n`);
		}

		ring.push('rtsp://admin:s3cret%2Fpw@cam/: 401 \u001B[31mUnauthorized\u001B[0m ' + 'x'.repeat(1000) + '\npartial s3cret/pw');
		const lines = ring.lines();
		assert.equal(lines.length, STDERR_LINES + 1);
		assert.ok(lines.every(line => line.length <= 300 && /^[\x20-\x7E…]*$/.test(line)));
		assert.ok(lines.every(line => !line.includes('s3cret')), lines.join('\n'));
		assert.match(lines.at(-2)!, /^rtsp:\/\/admin:\*\*\*@cam\/: 401 \[31mUnauthorized/);
		assert.equal(lines.at(-1), 'partial ***');
	});
});

describe('locateFfmpeg', () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'camtop-ffmpeg-'));
	const fake = (name: string) => {
		const file = path.join(directory, name, 'ffmpeg');
		mkdirSync(path.dirname(file), {recursive: true});
		writeFileSync(file, '#!/bin/sh\nexit 0\n');
		chmodSync(file, 0o755);
		return file;
	};

	test('config / --ffmpeg, then FFMPEG_PATH, then PATH, then the npm package; none: how to install it', () => {
		const configured = fake('a');
		const fromEnv = fake('b');
		const onPath = fake('c');
		const packaged = fake('d');
		const env = {FFMPEG_PATH: fromEnv, PATH: `/nonexistent:${path.dirname(onPath)}`};
		assert.deepEqual(locateFfmpeg({configured, env, packaged: () => packaged}), {path: configured, via: 'config'});
		assert.deepEqual(locateFfmpeg({env, packaged: () => packaged}), {path: fromEnv, via: 'FFMPEG_PATH'});
		assert.deepEqual(locateFfmpeg({env: {PATH: env.PATH}, packaged: () => packaged}), {path: onPath, via: 'PATH'});
		assert.deepEqual(locateFfmpeg({env: {PATH: '/nonexistent'}, packaged: () => packaged}), {path: packaged, via: 'npm package'});
		const none = locateFfmpeg({env: {PATH: '/nonexistent'}, packaged: () => undefined});
		assert.ok('missing' in none);
		assert.ok(none.missing.endsWith(INSTALL_HINT));
		const wrong = locateFfmpeg({configured: path.join(directory, 'nope'), env, packaged: () => packaged});
		assert.ok('missing' in wrong && /no executable file there/.test(wrong.missing), 'a configured path that is wrong is not silently replaced');
		rmSync(directory, {recursive: true, force: true});
	});
});
