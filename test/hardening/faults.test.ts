import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Camera} from '../../source/camera/camera.js';
import type {CameraSnapshot} from '../../source/camera/types.js';
import {demoFaults, startDemoServer, type DemoFault, type DemoServer} from '../../source/demo/simulator.js';
import {waitFor} from '../camera/helpers.js';

/** Short clocks so each fault shows within a second or two. */
const options = {
	stallMs: 800,
	backoffMs: [200, 400, 3000],
	timeouts: {connectTimeoutMs: 1000, responseTimeoutMs: 1200, idleTimeoutMs: 1500},
} as const;

type Expectation = {
	/** The snapshot shows what happened. */
	readonly shows: (snapshot: CameraSnapshot) => boolean;
	readonly what: string;
};

const expectations: Record<DemoFault, Expectation> = {
	stall: {what: 'stalled after two frames', shows: s => s.state === 'stalled' && s.frames >= 2 && s.lastError?.code === 'ERR_STALLED'},
	'reset-mid-frame': {what: 'reconnecting after a reset, one whole frame kept', shows: s => s.reconnects >= 1 && s.frames >= 1 && s.lastError !== undefined && s.lastError.code !== 'ERR_STALLED'},
	'huge-length': {what: 'stalled, the oversized part never buffered', shows: s => s.frames === 0 && s.state === 'stalled' && s.lastError?.code === 'ERR_STALLED'},
	'endless-part': {what: 'stalled, the part never buffered whole', shows: s => s.frames === 0 && s.state === 'stalled' && s.lastError?.code === 'ERR_STALLED'},
	garbage: {what: 'not MJPEG', shows: s => s.frames === 0 && s.lastError?.code === 'ERR_NOT_MJPEG' && s.state === 'failed'},
	'wrong-boundary': {what: 'live: the real boundary is sniffed', shows: s => s.state === 'live' && s.frames >= 3},
	'html-page': {what: 'failed: an HTML page is not MJPEG', shows: s => s.state === 'failed' && s.lastError?.code === 'ERR_NOT_MJPEG' && s.lastError.message.includes('text/html')},
	'auth-basic': {what: 'failed: auth', shows: s => s.state === 'failed' && s.lastError?.code === 'ERR_AUTH'},
	'auth-digest': {what: 'failed: auth', shows: s => s.state === 'failed' && s.lastError?.code === 'ERR_AUTH'},
	'retry-after': {what: 'reconnecting on HTTP 503, next try after Retry-After (capped)', shows: s => s.state === 'reconnecting' && /503/.test(s.reason ?? '') && s.retryAt !== undefined && s.retryAt - s.since >= 2900},
	'slow-headers': {what: 'a response timeout over the whole header', shows: s => s.lastError?.code === 'ERR_TIMEOUT' && s.frames === 0},
	'header-flood': {what: 'refused: headers too large', shows: s => s.frames === 0 && /header overflow/i.test(s.lastError?.message ?? '') && s.state !== 'live'},
	'escape-headers': {what: 'live, escapes in part headers ignored', shows: s => s.state === 'live' && s.frames >= 3},
	'escape-reason': {what: 'reconnecting on HTTP 503, the reason phrase replaced', shows: s => s.state === 'reconnecting' && s.lastError?.code === 'ERR_HTTP_STATUS' && s.lastError.message === 'HTTP 503 Service Unavailable'},
	'frame-flood': {what: 'live under a flood', shows: s => s.state === 'live' && s.frames > 100},
	'absurd-dimensions': {what: 'frames counted, the declared size reported', shows: s => s.frames >= 3 && s.diagnostics?.jpeg?.width === 65_000},
	bursty: {what: 'live through bursts', shows: s => s.state === 'live' && s.frames >= 10},
};

describe('Camera against each fault of the demo simulator', () => {
	let server: DemoServer;
	let healthy: Camera;

	before(async () => {
		server = await startDemoServer([
			{name: 'healthy', width: 64, height: 48, fps: 25},
			...demoFaults.map(kind => ({name: kind, width: 64, height: 48, fps: 20, fault: {kind, retryAfterSeconds: 3600}})),
		]);
		healthy = new Camera(0, {name: 'healthy', url: `${server.url}/healthy.mjpeg`}, options);
		healthy.start();
		await waitFor(() => healthy.snapshot().state === 'live', 'the healthy camera to go live');
	});

	after(async () => {
		healthy.stop();
		await server.close();
	});

	for (const kind of demoFaults) {
		test(`${kind}: ${expectations[kind].what}; the healthy camera keeps its frames`, async t => {
			const camera = new Camera(1, {name: kind, url: `${server.url}/${kind}.mjpeg`}, options);
			const healthyBefore = healthy.snapshot().frames;
			try {
				camera.start();
				await waitFor(() => expectations[kind].shows(camera.snapshot()), `${kind}: ${expectations[kind].what}`, 8000);
				const snapshot = camera.snapshot();
				t.diagnostic(`${kind}: ${snapshot.state}: ${snapshot.lastError?.code ?? ''} ${snapshot.reason ?? ''}`);
				// Whatever the camera sent, what the UI gets is printable.
				// eslint-disable-next-line no-control-regex -- looking for control characters is the point
				const control = /[\u0000-\u001F\u007F-\u009F]/;
				assert.doesNotMatch(snapshot.reason ?? '', control);
				assert.doesNotMatch(snapshot.lastError?.message ?? '', control);
				assert.doesNotMatch(snapshot.contentType ?? '', control);
				// JSON.stringify writes control characters as \u escapes: look for those.
				assert.doesNotMatch(JSON.stringify(snapshot.diagnostics ?? {}), /\\u00[01][\da-f]|\\u007f|[\u0080-\u009F]/i);
				// The healthy camera got frames all along (25 fps: many more than this).
				await waitFor(() => healthy.snapshot().frames >= healthyBefore + 5, 'more frames from the healthy camera');
				assert.equal(healthy.snapshot().state, 'live');
			} finally {
				camera.stop();
			}
		});
	}
});
