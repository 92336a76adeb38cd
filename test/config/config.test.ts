import {mkdtemp, writeFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {camerasFromUrls, loadCamerasFile, validateCameras} from '../../source/config.js';
import {CamtopError} from '../../source/errors.js';

function configError(run: () => unknown, pattern: RegExp) {
	assert.throws(run, (error: unknown) => {
		assert.ok(error instanceof CamtopError);
		assert.equal(error.code, 'ERR_CONFIG');
		assert.match(error.message, pattern);
		return true;
	});
}

describe('validateCameras', () => {
	test('accepts every documented field', () => {
		const cameras = validateCameras({cameras: [
			{name: 'lobby', url: 'http://10.0.0.2/video.cgi', username: 'viewer', password: 's3cret', headers: {'X-Key': 'k'}},
			{url: 'https://cam.example/stream'},
		]}, 'cameras.json');
		assert.deepEqual(cameras, [
			{name: 'lobby', url: 'http://10.0.0.2/video.cgi', username: 'viewer', password: 's3cret', headers: {'X-Key': 'k'}},
			{name: 'cam.example/stream', url: 'https://cam.example/stream'},
		]);
	});

	test('names the file, the camera and the field', () => {
		configError(() => validateCameras({cameras: [{name: 'a', url: 'http://x/'}, {name: 'garage', url: 42}]}, 'my.json'),
			/^my\.json: camera 2 \("garage"\): "url" must be a non-empty string, got number 42$/);
		configError(() => validateCameras({cameras: [{name: 'a', url: 'ftp://x/'}]}, 'c.json'),
			/c\.json: camera 1 \("a"\): "url" uses ftp:\/\//);
		configError(() => validateCameras({cameras: [{url: 'http://x/', colour: 'red'}]}, 'c.json'),
			/camera 1: "colour" is not a known field/);
		configError(() => validateCameras({cameras: [{url: 'http://x/', headers: {a: 1}}]}, 'c.json'),
			/"headers\.a" must be a string/);
		configError(() => validateCameras({cameras: [{name: 'a', url: 'http://x/'}, {name: 'a', url: 'http://y/'}]}, 'c.json'),
			/camera 2 \("a"\): "name" "a" is used by another camera/);
		configError(() => validateCameras({cameras: []}, 'c.json'), /"cameras" is empty/);
		configError(() => validateCameras([], 'c.json'), /expected an object like/);
		configError(() => validateCameras({cams: []}, 'c.json'), /unknown field "cams"/);
	});

	test('never echoes a password, even a wrongly typed one', () => {
		configError(() => validateCameras({cameras: [{url: 'http://x/', password: 123_456}]}, 'c.json'), /"password" must be a string, got number$/);
	});
});

describe('loadCamerasFile', () => {
	let directory = '';
	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-config-'));
	});
	after(async () => {
		await rm(directory, {recursive: true, force: true});
	});

	test('reads a valid file', async () => {
		const file = path.join(directory, 'ok.json');
		await writeFile(file, JSON.stringify({cameras: [{name: 'door', url: 'http://127.0.0.1:1/door.mjpeg'}]}));
		const loaded = await loadCamerasFile(file);
		assert.equal(loaded.cameras[0]!.name, 'door');
	});

	test('reports broken JSON and missing files with the path', async () => {
		const file = path.join(directory, 'broken.json');
		await writeFile(file, '{"cameras": [');
		await assert.rejects(loadCamerasFile(file), (error: CamtopError) => error.code === 'ERR_CONFIG' && error.message.startsWith(`${file}: not valid JSON`));
		await assert.rejects(loadCamerasFile(path.join(directory, 'none.json')), /none\.json: cannot read the cameras file: no such file/);
	});

	test('the shipped example is valid', async () => {
		const loaded = await loadCamerasFile('cameras.example.json', {CAM1_PASSWORD: 'x', GATE_API_KEY: 'y', DOOR_PASSWORD: 'z'});
		assert.ok(loaded.cameras.length >= 2);
	});
});

describe('camerasFromUrls', () => {
	test('names cameras after host and path, unique', () => {
		assert.deepEqual(camerasFromUrls(['http://127.0.0.1:8090/cam.mjpeg', 'http://127.0.0.1:8090/cam.mjpeg']).map(camera => camera.name),
			['127.0.0.1:8090/cam.mjpeg', '127.0.0.1:8090/cam.mjpeg #2']);
	});

	test('refuses unknown schemes, missing files and stdin twice', () => {
		assert.throws(() => camerasFromUrls(['not a url']), /not a url: no such file/);
		assert.throws(() => camerasFromUrls(['ftp://cam/stream']), /uses ftp:\/\/, which camtop does not read/);
		assert.throws(() => camerasFromUrls(['-', '-']), /"-" \(stdin\) can be given only once/);
	});
});
