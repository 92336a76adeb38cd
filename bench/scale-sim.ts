import process from 'node:process';
import {startDemoServer, type DemoCameraOptions} from '../source/demo/simulator.js';
import {cachedFeedFrames, startFeedServer} from './scale-feed.js';

/*
The cameras of bench/scale.ts in their own process, so the figures measured in the
parent are camtop's alone. Started with fork(); argv: cameras width height fps [feed|demo].
- feed (default): a loop of distinct JPEGs encoded once and replayed (bench/scale-feed.ts),
  so the cameras cost next to nothing and all of them keep their fps;
- demo: the demo simulator, drawing and encoding every frame (what session 1 measured with:
  it cannot keep 16 cameras of 720p at 15 fps on 2 cores).
Messages to the parent: {type: 'ready', urls}, then {type: 'stats', ...} on each 'stats' request.
*/

type Cameras = {
	urls: readonly string[];
	counters(index: number): {frames: number; skipped: number};
	close(): Promise<void>;
};

const [count = 16, width = 1280, height = 720, fps = 15] = process.argv.slice(2, 6).map(Number);
const kind = process.argv[6] ?? 'feed';

async function start(): Promise<Cameras> {
	if (kind === 'demo') {
		const cameras: DemoCameraOptions[] = Array.from({length: count}, (_, index) => ({name: `cam${index}`, width, height, fps}));
		const server = await startDemoServer(cameras);
		return {
			urls: server.cameras.map(camera => camera.url),
			counters: index => server.counters(`cam${index}`),
			close: async () => server.close(),
		};
	}

	const frames = await cachedFeedFrames(width, height);
	return startFeedServer({cameras: count, fps, frames});
}

const server = await start();
const cpuStart = process.cpuUsage();
process.send?.({type: 'ready', urls: server.urls});

process.on('message', (message: {type: string}) => {
	if (message.type === 'stats') {
		const cpu = process.cpuUsage(cpuStart);
		const counters = server.urls.map((_, index) => server.counters(index));
		process.send?.({
			type: 'stats',
			cpuMs: (cpu.user + cpu.system) / 1000,
			frames: counters.map(counter => counter.frames),
			skipped: counters.map(counter => counter.skipped),
		});
	} else if (message.type === 'close') {
		void server.close().then(() => {
			process.exit(0);
		});
	}
});

// The parent went away: do not keep serving.
process.on('disconnect', () => {
	void server.close().then(() => {
		process.exit(0);
	});
});
