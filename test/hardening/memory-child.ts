/*
Child process of memory.test.ts: one Camera reading `url` until `megabytes` MB came in,
sampling its own RSS. Prints one JSON line: {bytes, frames, baseline, peak, state}.
A process of its own, so nothing else (the server, the test runner) counts in its RSS.
*/
import process from 'node:process';
import {Camera} from '../../source/camera/camera.js';

const [url = '', megabytes = '0'] = process.argv.slice(2);
const target = Number(megabytes) * 1024 * 1024;
const warmUp = 32 * 1024 * 1024;
const deadline = Date.now() + 90_000;

// Long stall time: the connection must stay up for the whole run, whatever arrives.
const camera = new Camera(0, {name: 'memory', url}, {stallMs: 120_000, backoffMs: [100]});
camera.start();
let baseline = 0;
let peak = 0;
await new Promise<void>(resolve => {
	const timer = setInterval(() => {
		const {bytes} = camera.snapshot();
		const rss = process.memoryUsage.rss();
		if (baseline === 0 && bytes >= warmUp) {
			baseline = rss;
		}

		peak = Math.max(peak, rss);
		if (bytes >= target || Date.now() > deadline) {
			clearInterval(timer);
			resolve();
		}
	}, 20);
});
const snapshot = camera.snapshot();
camera.stop();
process.stdout.write(`${JSON.stringify({bytes: snapshot.bytes, frames: snapshot.frames, baseline, peak, state: snapshot.state, reconnects: snapshot.reconnects})}\n`);
process.exit(0);
