import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Camera} from '../../source/camera/camera.js';
import type {CameraState} from '../../source/camera/types.js';
import {demoQuirks, startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {recordingSplitter} from './recording-splitter.js';
import {waitFor} from './helpers.js';

const FRAMES = 12;

describe('Camera against the demo simulator', () => {
	let server: DemoServer;

	before(async () => {
		server = await startDemoServer(
			demoQuirks.map(quirk => ({name: quirk, width: 64, height: 48, fps: 30, frames: FRAMES, quirk})),
			{keepFrames: true},
		);
	});

	after(async () => {
		await server.close();
	});

	for (const quirk of demoQuirks) {
		test(`gets every frame of a ${quirk} stream, byte for byte`, async () => {
			const camera = server.cameras.find(entry => entry.name === quirk)!;
			const recording = recordingSplitter();
			// A long backoff: the stream ends after FRAMES frames and the test must not see a second connection.
			const subject = new Camera(0, {name: quirk, url: camera.url}, {backoffMs: [60_000], createSplitter: recording.create});
			const states: CameraState[] = [];
			subject.subscribe(() => {
				const {state} = subject.snapshot();
				if (states.at(-1) !== state) {
					states.push(state);
				}
			});
			try {
				subject.start();
				await waitFor(() => subject.snapshot().lastError?.code === 'ERR_STREAM_ENDED', 'the end of the stream');
				const snapshot = subject.snapshot();
				const counters = server.counters(quirk);
				const sent = server.sentFrames(quirk);

				assert.deepEqual(states, ['connecting', 'live', 'reconnecting']);
				assert.equal(counters.connections, 1);
				assert.equal(counters.frames, FRAMES);
				assert.equal(snapshot.frames, counters.frames);
				assert.equal(snapshot.reconnects, 0);
				assert.equal(snapshot.framing, 'multipart');
				assert.equal(recording.frames.length, sent.length);
				for (const [index, frame] of recording.frames.entries()) {
					assert.ok(frame.equals(sent[index]!), `frame ${index} differs from what the simulator sent`);
				}

				assert.equal(subject.latest?.seq, FRAMES);
				assert.ok(Buffer.from(subject.latest.frame.data).equals(sent.at(-1)!));
				assert.equal(subject.splitterStats?.frames, FRAMES);
				assert.equal(snapshot.bytes, counters.bytes, 'every body byte is counted');
			} finally {
				subject.stop();
			}
		});
	}
});
