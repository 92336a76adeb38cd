import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {grabFrame} from '../../source/commands/snapshot.js';
import {startServer} from '../camera/helpers.js';
import {noiseJpeg} from '../fixtures/jpegs.js';
import {runCamtop} from './cli-helper.js';
import {demoFixture} from '../helpers/demo-fixture.js';

describe('snapshot', {timeout: 90_000}, () => {
	const demo = demoFixture('camtop-snapshot-', ['file', 'stdout', 'print', 'full'].map(name => ({name, width: 80, height: 60, fps: 20, frames: 5})), {keepFrames: true});

	test('passes over corrupt frames and returns the next whole one, as sent', async () => {
		const good = await noiseJpeg(32, 24);
		const corrupt = good.subarray(0, good.length >> 1);
		const part = (jpeg: Uint8Array) => Buffer.concat([Buffer.from(`--f\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`), jpeg, Buffer.from('\r\n')]);
		const camera = await startServer((_request, response) => {
			response.writeHead(200, {'Content-Type': 'multipart/x-mixed-replace; boundary=f'});
			response.end(Buffer.concat([part(corrupt), part(corrupt), part(good), Buffer.from('--f--\r\n')]));
		});
		try {
			const grabbed = await grabFrame({name: 'c', url: camera.url}, {timeoutMs: 10_000});
			assert.equal(grabbed.skippedCorrupt, 2);
			assert.ok(Buffer.from(grabbed.frame.data).equals(good));
			await assert.rejects(grabFrame({name: 'gone', url: 'http://127.0.0.1:9/'}, {timeoutMs: 10_000}), {code: 'ERR_CONNECT'});
		} finally {
			await camera.close();
		}
	});

	test('-o FILE saves the next frame byte for byte, and leaves no temporary file', async () => {
		const result = await runCamtop(['snapshot', demo.urlOf('file'), '-o', 'frame.jpg'], {cwd: demo.directory});
		assert.equal(result.code, 0, result.stderr);
		assert.ok(readFileSync(path.join(demo.directory, 'frame.jpg')).equals(demo.server.sentFrames('file')[0]!));
		assert.match(result.stderr, /saved a 80×60 JPEG \(.+\) from 127\.0\.0\.1:\d+\/file\.mjpeg to frame\.jpg/);
		assert.deepEqual(readdirSync(demo.directory).filter(name => name.includes('frame')), ['frame.jpg']);
	});

	test('-o - writes the JPEG to stdout', async () => {
		const result = await runCamtop(['snapshot', demo.urlOf('stdout'), '-o', '-'], {cwd: demo.directory});
		assert.equal(result.code, 0, result.stderr);
		assert.ok(result.stdout.equals(demo.server.sentFrames('stdout')[0]!));
	});

	test('--print draws the frame (ASCII without a colour terminal)', async () => {
		const result = await runCamtop(['snapshot', demo.urlOf('print'), '--print'], {cwd: demo.directory, env: {NO_COLOR: '1'}});
		assert.equal(result.code, 0, result.stderr);
		const lines = result.stdout.toString('utf8').trimEnd().split('\n');
		assert.ok(lines.length >= 10, `a picture of ${lines.length} lines`);
		assert.ok(lines.every(line => /^[ .:\-=+*#%@]+$/.test(line)), 'only the ASCII ramp');
		// eslint-disable-next-line no-control-regex -- checking that no escape reaches the output
		assert.doesNotMatch(result.stdout.toString('latin1'), /\u001B/);
	});

	test('a full disk exits 3 and says so; a dead camera exits 1; usage errors exit 2', async () => {
		const full = await runCamtop(['snapshot', demo.urlOf('full'), '-o', '/dev/full'], {cwd: demo.directory});
		assert.equal(full.code, 3, full.stderr);
		assert.match(full.stderr, /ERR_WRITE: cannot write \/dev\/full: no space left on the device/);
		const dead = await runCamtop(['snapshot', 'http://user:hunter2@127.0.0.1:9/cam', '-o', 'dead.jpg'], {cwd: demo.directory});
		assert.equal(dead.code, 1);
		assert.match(dead.stderr, /ERR_CONNECT/);
		assert.doesNotMatch(dead.stderr, /hunter2/);
		assert.equal(existsSync(path.join(demo.directory, 'dead.jpg')), false);
		const usage = await runCamtop(['snapshot', demo.urlOf('full')], {cwd: demo.directory});
		assert.equal(usage.code, 2);
		assert.match(usage.stderr, /-o FILE/);
	});
});
