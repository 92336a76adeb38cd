/*
Run by crash.test.ts inside tmux: the real monitor on one demo camera, made to throw from
inside (a camera listener, on the socket's data path) once the first frame is on screen,
so the uncaught-exception path has to restore the terminal.
*/
import process from 'node:process';
import {startDemoServer} from '../../source/demo/simulator.js';
import {runMonitor} from '../../source/monitor.js';

const server = await startDemoServer([{name: 'crashcam', width: 160, height: 120, fps: 10}]);
await runMonitor({
	cameras: [{name: 'crashcam', url: `${server.url}/crashcam.mjpeg`}],
	origin: 'crash test',
	fps: 10,
	instrument: {
		onStart(parts) {
			const camera = parts.cameras[0]!;
			camera.subscribe(() => {
				if (camera.snapshot().frames >= Number(process.argv[2] ?? '20')) {
					throw new Error('boom inside the monitor');
				}
			});
		},
	},
});
