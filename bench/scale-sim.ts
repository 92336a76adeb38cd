import process from 'node:process';
import {startDemoServer, type DemoCameraOptions} from '../source/demo/simulator.js';

/*
The demo simulator in its own process for bench/scale.ts, so the figures measured in
the parent are camtop's alone. Started with fork(); argv: cameras width height fps.
Messages to the parent: {type: 'ready', urls}, then {type: 'stats', ...} on each 'stats' request.
*/

const [count, width, height, fps] = process.argv.slice(2).map(Number);
const cameras: DemoCameraOptions[] = Array.from({length: count ?? 16}, (_, index) => ({
	name: `cam${index}`,
	width: width ?? 1280,
	height: height ?? 720,
	fps: fps ?? 15,
}));

const server = await startDemoServer(cameras);
const cpuStart = process.cpuUsage();
process.send?.({type: 'ready', urls: server.cameras.map(camera => camera.url)});

process.on('message', (message: {type: string}) => {
	if (message.type === 'stats') {
		const cpu = process.cpuUsage(cpuStart);
		const counters = cameras.map(camera => server.counters(camera.name));
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
