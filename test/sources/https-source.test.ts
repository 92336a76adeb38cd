import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Camera} from '../../source/camera/camera.js';
import {stopAllChildren} from '../../source/ingest/ffmpeg-children.js';
import {openHttpSource} from '../../source/ingest/http-source.js';
import {openFfmpegSource} from '../../source/ingest/ffmpeg-source.js';
import type {SourceOptions} from '../../source/ingest/source-types.js';
import {noiseJpeg} from '../fixtures/jpegs.js';
import {multipartStream} from '../fixtures/streams.js';
import {waitFor} from '../camera/helpers.js';
import {recordSource} from './record.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

const opensslMissing = spawnSync('openssl', ['version'], {stdio: 'ignore'}).status === 0 ? false : 'openssl not installed';
const ffmpegMissing = spawnSync('ffmpeg', ['-version'], {stdio: 'ignore'}).status === 0 ? false : 'ffmpeg not installed';
const directory = mkdtempSync(path.join(tmpdir(), 'camtop-tls-'));
process.on('exit', () => {
	rmSync(directory, {recursive: true, force: true});
});

const jpegs = await Promise.all([0, 1, 2].map(async hue => noiseJpeg(32, 24, {hue})));
const stream = multipartStream(jpegs.map(body => ({body})), {delimiter: '--tls'});

describe('HTTPS with a self-signed certificate made at test time', {skip: skipUnlessInstalled(opensslMissing)}, () => {
	let server: https.Server | undefined;
	let base = '';
	let ca = '';
	let clip = '';
	before(async () => {
		ca = path.join(directory, 'cert.pem');
		const key = path.join(directory, 'key.pem');
		const made = spawnSync('openssl', [
			'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
			'-keyout', key, '-out', ca, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
		]);
		assert.equal(made.status, 0, made.stderr.toString());
		if (!ffmpegMissing) {
			clip = path.join(directory, 'clip.ts');
			const encoded = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '20', '-c:v', 'libx264', '-preset', 'ultrafast', '-f', 'mpegts', clip]);
			assert.equal(encoded.status, 0, encoded.stderr.toString());
		}

		server = https.createServer({key: readFileSync(key), cert: readFileSync(ca)}, (request, response) => {
			if (request.url === '/clip.ts') {
				response.writeHead(200, {'content-type': 'video/mp2t'});
				response.end(readFileSync(clip));
				return;
			}

			response.writeHead(200, {'content-type': 'multipart/x-mixed-replace; boundary=tls'});
			response.end(stream);
		});
		await new Promise<void>(resolve => {
			server!.listen(0, '127.0.0.1', resolve);
		});
		base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	after(async () => {
		await stopAllChildren();
		server?.closeAllConnections();
		await new Promise(resolve => {
			server?.close(resolve);
		});
	});

	const run = async (options: Omit<SourceOptions, 'url'>, url = `${base}/video`) => {
		const recording = recordSource(openHttpSource, {url, ...options});
		await recording.settled();
		return recording;
	};

	test('verified by default: an untrusted certificate is ERR_TLS naming both ways out', async () => {
		const recording = await run({});
		assert.equal(recording.errors[0]?.code, 'ERR_TLS');
		assert.match(recording.errors[0].message, /not trusted: self-signed certificate .*"ca".*"insecure": true/);
	});

	test('"ca": the certificate file makes it trusted; "insecure": true accepts it', async () => {
		for (const options of [{ca}, {insecure: true}]) {
			const recording = await run(options);
			assert.deepEqual(recording.errors, []);
			assert.equal(recording.frames.length, jpegs.length);
		}
	});

	test('a CA file that cannot be read is ERR_CONFIG naming it', async () => {
		const recording = await run({ca: path.join(directory, 'missing.pem')});
		assert.equal(recording.errors[0]?.code, 'ERR_CONFIG');
		assert.match(recording.errors[0].message, /cannot read the CA file .*missing\.pem \(ENOENT\)/);
	});

	test('a Camera on an untrusted certificate is failed (no quick retry loop)', async () => {
		const camera = new Camera(0, {name: 'tls', url: `${base}/video`}, {backoffMs: [50, 60_000]});
		try {
			camera.start();
			await waitFor(() => camera.state === 'failed', 'failed');
			assert.equal(camera.snapshot().lastError?.code, 'ERR_TLS');
		} finally {
			camera.stop();
		}
	});

	test('the same choice reaches ffmpeg (-tls_verify, -ca_file)', {skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
		const url = `${base}/clip.ts`;
		const open = (options: Omit<SourceOptions, 'url'>) => recordSource(openFfmpegSource, {url, ...options});
		const refused = open({});
		await refused.settled(20_000);
		assert.equal(refused.errors[0]?.code, 'ERR_TLS');
		for (const options of [{ca}, {insecure: true}]) {
			const recording = open(options);
			await recording.frameCount(2, 20_000);
			recording.handle.close();
			assert.deepEqual(recording.errors, []);
		}
	});
});
