import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type {AddressInfo} from 'node:net';
import sharp from 'sharp';
import {Camera} from '../../source/camera/camera.js';
import {openTcpSource, parseTcpUrl} from '../../source/ingest/tcp-source.js';
import {noiseJpeg} from '../fixtures/jpegs.js';
import {multipartStream, rawJpegStream} from '../fixtures/streams.js';
import {freePort, waitFor} from '../camera/helpers.js';
import {gstMissing, startGst} from '../helpers/gst.js';
import {recordSource} from './record.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

const jpegs = await Promise.all([0, 1, 2].map(async hue => noiseJpeg(40, 30, {hue})));

/** A TCP server on 127.0.0.1 that writes `body` to each client in small pieces, then closes. */
async function tcpServer(body: Buffer): Promise<{url: string; close(): Promise<void>}> {
	const server = net.createServer(socket => {
		for (let offset = 0; offset < body.length; offset += 1000) {
			socket.write(body.subarray(offset, offset + 1000));
		}

		socket.end();
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: `tcp://127.0.0.1:${port}`,
		async close() {
			await new Promise(resolve => {
				server.close(resolve);
			});
		},
	};
}

describe('raw TCP source', () => {
	for (const [name, body] of [
		['multipart with no HTTP layer', multipartStream(jpegs.map(jpeg => ({body: jpeg})), {delimiter: '--tcpboundary'})],
		['concatenated JPEGs', rawJpegStream(jpegs)],
	] as const) {
		test(`${name}: framing learned from the bytes alone`, async () => {
			const server = await tcpServer(body);
			try {
				const recording = recordSource(openTcpSource, {url: server.url});
				await recording.settled();
				assert.deepEqual(recording.errors, []);
				assert.equal(recording.ended, true);
				assert.equal(recording.response?.contentType, undefined);
				assert.equal(recording.frames.length, jpegs.length);
			} finally {
				await server.close();
			}
		});
	}

	test('a refused port is ERR_CONNECT; a bad URL is ERR_CONFIG', async () => {
		const refused = recordSource(openTcpSource, {url: `tcp://127.0.0.1:${await freePort()}`});
		await refused.settled();
		assert.equal(refused.errors[0]?.code, 'ERR_CONNECT');
		assert.match(refused.errors[0].message, /connection refused: 127\.0\.0\.1:\d+/);
		const bad = recordSource(openTcpSource, {url: 'tcp://127.0.0.1'});
		await bad.settled();
		assert.equal(bad.errors[0]?.code, 'ERR_CONFIG');
		assert.deepEqual(parseTcpUrl('tcp://[::1]:8000'), {host: '::1', port: 8000});
	});

	test('silence after connecting is ERR_TIMEOUT from the idle timeout', async () => {
		const sockets: net.Socket[] = [];
		const server = net.createServer(socket => sockets.push(socket));
		await new Promise<void>(resolve => {
			server.listen(0, '127.0.0.1', resolve);
		});
		try {
			const {port} = server.address() as AddressInfo;
			const recording = recordSource(openTcpSource, {url: `tcp://127.0.0.1:${port}`, idleTimeoutMs: 100});
			await recording.settled();
			assert.equal(recording.errors[0]?.code, 'ERR_TIMEOUT');
			assert.match(recording.errors[0].message, /no data from 127\.0\.0\.1:\d+ for 100 ms/);
		} finally {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				server.close(resolve);
			});
		}
	});

	test('GStreamer\'s multipartmux ! tcpserversink, through a Camera', {skip: skipUnlessInstalled(gstMissing)}, async () => {
		const gst = await startGst(['tcp', String(await freePort())]);
		const camera = new Camera(0, {name: 'gst', url: `tcp://127.0.0.1:${gst.port}`}, {backoffMs: [50]});
		try {
			camera.start();
			await waitFor(() => camera.snapshot().frames >= 3, 'three frames from GStreamer', 15_000);
			assert.equal(camera.state, 'live');
			assert.equal(camera.snapshot().framing, 'multipart');
			const {width, height, format} = await sharp(camera.latest!.frame.data).metadata();
			assert.deepEqual({width, height, format}, {width: 160, height: 120, format: 'jpeg'});
		} finally {
			camera.stop();
			await gst.stop();
		}
	});
});
