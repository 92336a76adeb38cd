import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {CamtopError} from '../errors.js';
import {anomalyProblem} from './anomalies.js';
import {faultProblem, FaultServer} from './fault-server.js';
import {CameraFeed} from './feed.js';
import {demoQuirks, type DemoCameraOptions, type DemoServer, type DemoServerOptions} from './types.js';

export type {DemoCameraOptions, DemoCounters, DemoQuirk, DemoServer, DemoServerOptions} from './types.js';
export {demoQuirks} from './types.js';
export {demoFaults, type DemoFault, type DemoFaultOptions} from './faults.js';

/** Upper bounds that keep a typo from turning the simulator into a CPU or memory hog. */
const maxSide = 4096;
const maxFps = 120;
/** How long close() lets ended responses flush to slow readers before cutting them off. */
const closeGraceMs = 500;

function isPositiveInteger(value: number, max: number): boolean {
	return Number.isInteger(value) && value > 0 && value <= max;
}

function problemWith(camera: DemoCameraOptions, seen: ReadonlySet<string>): string | undefined {
	if (!/^[\w.~-]+$/.test(camera.name)) {
		return 'name must use only letters, digits, "-", "_", "." and "~"';
	}

	if (seen.has(camera.name)) {
		return 'name is used twice';
	}

	if (!isPositiveInteger(camera.width, maxSide) || !isPositiveInteger(camera.height, maxSide)) {
		return `width and height must be integers from 1 to ${maxSide}`;
	}

	if (!(camera.fps > 0 && camera.fps <= maxFps)) {
		return `fps must be above 0 and at most ${maxFps}`;
	}

	if (camera.quality !== undefined && !isPositiveInteger(camera.quality, 100)) {
		return 'quality must be an integer from 1 to 100';
	}

	if (camera.quirk !== undefined && !demoQuirks.includes(camera.quirk)) {
		return `quirk must be one of ${demoQuirks.join(', ')}`;
	}

	if (camera.frames !== undefined && !isPositiveInteger(camera.frames, Number.MAX_SAFE_INTEGER)) {
		return 'frames must be a positive integer';
	}

	return anomalyProblem(camera.anomalies) ?? faultProblem(camera.fault);
}

function validate(cameras: DemoCameraOptions[]): void {
	const seen = new Set<string>();
	for (const camera of cameras) {
		const problem = problemWith(camera, seen);
		if (problem !== undefined) {
			throw new CamtopError('ERR_USAGE', `Demo camera ${JSON.stringify(camera.name)}: ${problem}`);
		}

		seen.add(camera.name);
	}
}

function sendText(response: ServerResponse, status: number, text: string): void {
	response.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache'}).end(text);
}

/**
Start the MJPEG camera simulator on 127.0.0.1: `GET /<name>.mjpeg` streams a camera,
`GET /` lists them, anything else is 404.
*/
export async function startDemoServer(cameras: DemoCameraOptions[], options: DemoServerOptions = {}): Promise<DemoServer> {
	validate(cameras);
	const feeds = new Map(cameras.map(camera => [camera.name, new CameraFeed({...camera}, options.keepFrames ?? false)]));
	const faults = new FaultServer(cameras);
	let index = '';

	const server = createServer((request: IncomingMessage, response: ServerResponse) => {
		const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
		const feed = path.endsWith('.mjpeg') ? feeds.get(path.slice(1, -'.mjpeg'.length)) : undefined;
		// GET only: a HEAD on a stream would otherwise hold a body-less connection open forever.
		if (request.method !== 'GET') {
			sendText(response, 405, 'method not allowed\n');
		} else if (path === '/') {
			sendText(response, 200, index);
		} else if (feed === undefined) {
			sendText(response, 404, 'no such demo camera\n');
		} else if (feed.options.fault) {
			faults.serve(feed.options, request, response);
		} else {
			feed.attach(response);
		}
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});

	const {port} = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	const list = [...feeds.values()].map(({options: camera}) => ({name: camera.name, url: `${url}/${camera.name}.mjpeg`, options: camera}));
	index = `camtop demo cameras\n${list.map(({url: cameraUrl, options: camera}) =>
		`${cameraUrl}  ${camera.width}x${camera.height} @ ${camera.fps} fps  ${camera.fault ? `fault: ${camera.fault.kind}` : camera.quirk ?? 'standard'}\n`).join('')}`;

	function feedFor(name: string): CameraFeed {
		const feed = feeds.get(name);
		if (feed === undefined) {
			throw new CamtopError('ERR_USAGE', `No demo camera named ${JSON.stringify(name)}`);
		}

		return feed;
	}

	let closing: Promise<void> | undefined;
	async function close(): Promise<void> {
		await Promise.all([...feeds.values()].map(async feed => feed.close()));
		faults.close();
		await new Promise<void>(resolve => {
			// A client that stopped reading never lets its ended response flush; cut it off after a grace period.
			const force = setTimeout(() => {
				server.closeAllConnections();
			}, closeGraceMs);
			server.close(() => {
				clearTimeout(force);
				resolve();
			});
			server.closeIdleConnections();
		});
	}

	return {
		url,
		cameras: list,
		counters: name => faults.withCounts(name, feedFor(name).counters()),
		sentFrames: name => feedFor(name).sentFrames(),
		async close() {
			closing ??= close();
			return closing;
		},
	};
}
