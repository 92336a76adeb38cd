import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {startDemoServer, type DemoFault, type DemoServer} from '../../source/demo/simulator.js';
import {TSX} from '../helpers/cli-paths.js';

const child = fileURLToPath(new URL('memory-child.ts', import.meta.url));
const MB = 1024 * 1024;
/** Hostile bytes streamed through a real HTTP connection into one Camera, per fault. */
const STREAMED_MB = 256;
/** RSS may grow this much after the warm-up (GC slack, got's and the socket's buffers), never with the stream. */
const GROWTH_LIMIT_MB = 96;

type Result = {bytes: number; frames: number; baseline: number; peak: number; state: string; reconnects: number};

const faults: readonly DemoFault[] = ['huge-length', 'endless-part', 'garbage', 'frame-flood'];

describe('memory stays bounded whatever a camera sends (a child process reads each stream)', () => {
	let server: DemoServer;

	before(async () => {
		server = await startDemoServer(faults.map(kind => ({name: kind, width: 320, height: 240, fps: 10, fault: {kind, flatOut: true}})));
	});

	after(async () => {
		await server.close();
	});

	for (const kind of faults) {
		test(`${kind}: ${STREAMED_MB} MB through a Camera, RSS grows by less than ${GROWTH_LIMIT_MB} MB`, async t => {
			const {stdout} = await promisify(execFile)(process.execPath, ['--import', TSX, child, `${server.url}/${kind}.mjpeg`, String(STREAMED_MB)], {timeout: 120_000});
			const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as Result;
			t.diagnostic(`${kind}: ${Math.round(result.bytes / MB)} MB, ${result.frames} frames, RSS ${Math.round(result.baseline / MB)} MB after warm-up, peak ${Math.round(result.peak / MB)} MB, ${result.state}, ${result.reconnects} reconnects`);
			assert.ok(result.bytes >= STREAMED_MB * MB, `only ${result.bytes} bytes arrived`);
			assert.ok(result.baseline > 0);
			assert.ok(result.peak - result.baseline < GROWTH_LIMIT_MB * MB, `RSS grew from ${result.baseline} to ${result.peak}`);
			if (kind === 'frame-flood') {
				assert.ok(result.frames > 1000, 'the flood was decoded into frames');
			} else {
				assert.equal(result.frames, 0);
			}
		});
	}
});
