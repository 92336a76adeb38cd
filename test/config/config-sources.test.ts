import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {camerasFromUrls, loadCamerasFile, validateCameras, withRunOptions} from '../../source/config.js';
import {CamtopError} from '../../source/errors.js';

const directory = mkdtempSync(path.join(tmpdir(), 'camtop-config-'));
process.on('exit', () => {
	rmSync(directory, {recursive: true, force: true});
});

function configError(run: () => unknown, pattern: RegExp) {
	assert.throws(run, (error: unknown) => {
		assert.ok(error instanceof CamtopError);
		assert.equal(error.code, 'ERR_CONFIG');
		assert.match(error.message, pattern);
		return true;
	});
}

const one = (camera: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) => validateCameras({cameras: [camera]}, '/etc/camtop/cameras.json', env)[0];

describe('cameras.json: source fields', () => {
	test('every source kind and option is accepted and converted', () => {
		assert.deepEqual(one({
			name: 'door', url: 'https://door/snap.jpg', kind: 'snapshot', snapshotInterval: 2.5, auth: 'digest',
			username: 'admin', password: 'p@ss:w#rd%/,', insecure: false, ca: 'door-ca.pem', headers: {'X-Key': 'k'},
		}), {
			name: 'door', url: 'https://door/snap.jpg', kind: 'snapshot', snapshotIntervalMs: 2500, auth: 'digest',
			username: 'admin', password: 'p@ss:w#rd%/,', insecure: false, ca: '/etc/camtop/door-ca.pem', headers: {'X-Key': 'k'},
		});
		assert.deepEqual(one({url: 'rtsp://cam/stream1', rtspTransport: 'udp', maxWidth: 640, ffmpegOptions: ['-analyzeduration', '1000000']}), {
			name: 'cam/stream1', url: 'rtsp://cam/stream1', rtspTransport: 'udp', maxWidth: 640, ffmpegOptions: ['-analyzeduration', '1000000'],
		});
		assert.deepEqual(one({url: 'recordings/lobby.mjpg', replayFps: 0, loop: true}), {
			name: 'lobby.mjpg', url: '/etc/camtop/recordings/lobby.mjpg', replayFps: 0, loop: true,
		});
		assert.deepEqual(one({url: '-'}), {name: 'stdin', url: '-'});
		assert.deepEqual(one({url: 'tcp://10.0.0.9:5000', kind: 'tcp'}), {name: '10.0.0.9:5000', url: 'tcp://10.0.0.9:5000', kind: 'tcp'});
		assert.deepEqual(one({url: '/dev/video0', name: 'webcam'}), {name: 'webcam', url: '/dev/video0'});
	});

	test('wrong values name the camera and the field, with what was expected', () => {
		const table: Array<[Record<string, unknown>, RegExp]> = [
			[{url: 'http://x/', kind: 'rtsp'}, /camera 1: "kind" must be one of "auto", "mjpeg", "snapshot", "tcp", "file", "stdin", "ffmpeg", got "rtsp"$/],
			[{url: 'http://x/', kind: 'tcp'}, /"kind" "tcp" needs a tcp:\/\/host:port URL/],
			[{url: '-', kind: 'ffmpeg'}, /"kind" "ffmpeg" cannot read stdin/],
			[{url: 'http://x/', auth: 'ntlm'}, /"auth" must be one of "auto", "basic", "digest", got "ntlm"/],
			[{url: 'rtsp://x/', rtspTransport: 'sctp'}, /"rtspTransport" must be one of "tcp", "udp"/],
			[{url: 'rtsp://x/', maxWidth: 99.5}, /"maxWidth" must be a whole number from 16 to 7680, got number 99.5/],
			[{url: 'http://x/', snapshotInterval: 0}, /"snapshotInterval" must be a number from 0.05 to 86400/],
			[{url: 'http://x/', insecure: 'yes'}, /"insecure" must be true or false, got "yes"/],
			[{url: 'http://x/', ca: ''}, /"ca" must be a non-empty string/],
			[{url: 'rtsp://x/', ffmpegOptions: '-rtsp_flags prefer_tcp'}, /"ffmpegOptions" must be an array of strings/],
			[{url: 'rtsp://x/', ffmpegOptions: ['-i', 'other']}, /"ffmpegOptions" must not contain "-i"/],
			[{url: 'http://x/', ffmpegOptions: ['-re']}, /"ffmpegOptions" applies only to cameras read through ffmpeg/],
			[{url: 'ftp://x/'}, /"url" uses ftp:\/\/, which camtop does not read/],
			[{url: 'http://admin:pa/ss@x/'}, /"url" is not a valid URL \(a password with \/ # or % must be percent-encoded, or put in "password"\)/],
			[{name: 'cam', url: 'http://x/', replayFps: -1}, /camera 1 \("cam"\): "replayFps" must be a number from 0 to 1000/],
		];
		for (const [camera, pattern] of table) {
			configError(() => one(camera), pattern);
		}

		configError(() => validateCameras({cameras: [{url: '-'}, {name: 'again', url: '-'}]}, 'c.json'), /camera 2 \("again"\): "url" "-" \(stdin\) is already used by camera "stdin"/);
		configError(() => validateCameras({cameras: [{url: 'http://x/'}], ffmpeg: 7}, 'c.json'), /"ffmpeg" must be the path of the ffmpeg binary, got number 7/);
	});

	test('${VAR} is taken from the environment anywhere in a camera; $${VAR} is literal; a missing one is named', () => {
		const env = {CAM1_PASSWORD: 'p@ss:w#rd%/,', CAM_HOST: '10.0.0.7', API_KEY: 'k3y'};
		assert.deepEqual(one({
			name: 'cam on ${CAM_HOST}', url: 'http://${CAM_HOST}/video', username: 'admin', password: '${CAM1_PASSWORD}', headers: {'X-Key': '${API_KEY}', 'X-Raw': '$${API_KEY}'},
		}, env), {
			name: 'cam on 10.0.0.7', url: 'http://10.0.0.7/video', username: 'admin', password: 'p@ss:w#rd%/,', headers: {'X-Key': 'k3y', 'X-Raw': '${API_KEY}'},
		});
		configError(() => one({name: 'garage', url: 'http://x/', password: '${NOT_SET_ANYWHERE}'}, env),
			/^\/etc\/camtop\/cameras\.json: camera 1 \("garage"\): "password" uses \$\{NOT_SET_ANYWHERE\}, which is not set in the environment$/);
		configError(() => one({url: 'http://x/', headers: {'X-Key': 'a ${NOPE}'}}, env), /"headers\.X-Key" uses \$\{NOPE\}/);
	});

	test('the top-level "ffmpeg" path, relative to the file; run options fill what a camera does not set', async () => {
		const file = path.join(directory, 'cameras.json');
		writeFileSync(file, JSON.stringify({ffmpeg: 'bin/ffmpeg', cameras: [{url: 'a.mjpg', loop: false}, {url: 'rtsp://cam/'}]}));
		const loaded = await loadCamerasFile(file, {});
		assert.equal(loaded.ffmpeg, path.join(directory, 'bin/ffmpeg'));
		const run = withRunOptions(loaded.cameras, {ffmpegPath: '/opt/ffmpeg', replayFps: 5, loop: true});
		assert.deepEqual(run.map(camera => [camera.ffmpegPath, camera.replayFps, camera.loop]), [['/opt/ffmpeg', 5, false], ['/opt/ffmpeg', 5, true]]);
	});

	test('cameras.example.json is valid and shows every source kind', async () => {
		const example = path.resolve('cameras.example.json');
		const loaded = await loadCamerasFile(example, {CAM1_PASSWORD: 'x', GATE_API_KEY: 'y', DOOR_PASSWORD: 'z'});
		const text = readFileSync(example, 'utf8');
		for (const marker of ['http://', 'https://', '"snapshot"', 'tcp://', 'rtsp://', 'rtmp://', 'mms', '.m3u8', '.mp4', '/dev/video', '.mjpg', '"-"', '${']) {
			assert.ok(text.includes(marker), `cameras.example.json shows ${marker}`);
		}

		assert.ok(loaded.cameras.length >= 10);
	});
});

describe('command-line cameras', () => {
	test('URLs of every scheme, file paths (made absolute) and - for stdin', () => {
		const file = path.join(directory, 'saved.mjpg');
		writeFileSync(file, '');
		const relative = path.relative(process.cwd(), file);
		assert.deepEqual(camerasFromUrls(['rtsp://cam/s1', 'tcp://127.0.0.1:5000', relative, '-']), [
			{name: 'cam/s1', url: 'rtsp://cam/s1'},
			{name: '127.0.0.1:5000', url: 'tcp://127.0.0.1:5000'},
			{name: 'saved.mjpg', url: file},
			{name: 'stdin', url: '-'},
		]);
		assert.throws(() => camerasFromUrls([directory]), {code: 'ERR_USAGE', message: /is a directory/});
	});
});
