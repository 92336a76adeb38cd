/*
Run inside tmux by crash.test.ts and exit-paths.test.ts: the real monitor on one camera, made
to throw from inside (a camera listener, on the data path) once FRAMES frames came, so the
uncaught-exception path has to restore the terminal (and, with ffmpeg, leave no ffmpeg behind).
Usage: crash-monitor.ts [FRAMES] [URL]. Without URL the camera is a demo camera served in this
process; with URL it is that stream read through ffmpeg.
*/
import process from 'node:process';
import type {CameraConfig} from '../../source/camera/types.js';
import {startDemoServer} from '../../source/demo/simulator.js';
import {runMonitor} from '../../source/monitor.js';

const [frames = '20', url] = process.argv.slice(2);
let camera: CameraConfig;
let message: string;
if (url === undefined) {
	const server = await startDemoServer([{name: 'crashcam', width: 160, height: 120, fps: 10}]);
	camera = {name: 'crashcam', url: `${server.url}/crashcam.mjpeg`};
	message = 'boom inside the monitor';
} else {
	camera = {name: 'viaffmpeg', url, kind: 'ffmpeg'};
	message = 'boom with ffmpeg running';
}

await runMonitor({
	cameras: [camera],
	origin: url === undefined ? 'crash test' : 'ffmpeg crash test',
	fps: 10,
	instrument: {
		onStart(parts) {
			const first = parts.cameras[0]!;
			first.subscribe(() => {
				if (first.snapshot().frames >= Number(frames)) {
					throw new Error(message);
				}
			});
		},
	},
});
