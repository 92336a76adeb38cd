/*
Run by exit-paths.test.ts inside tmux: the real monitor on one camera read through ffmpeg
(the demo's MJPEG over HTTP), made to throw from inside (a camera listener, on the data
path) once `frames` frames came, so the uncaught-exception path has to restore the
terminal and leave no ffmpeg behind. Usage: ffmpeg-crash-monitor.ts URL FRAMES
*/
import process from 'node:process';
import {runMonitor} from '../../source/monitor.js';

const [url = '', frames = '20'] = process.argv.slice(2);
await runMonitor({
	cameras: [{name: 'viaffmpeg', url, kind: 'ffmpeg'}],
	origin: 'ffmpeg crash test',
	fps: 10,
	instrument: {
		onStart(parts) {
			const camera = parts.cameras[0]!;
			camera.subscribe(() => {
				if (camera.snapshot().frames >= Number(frames)) {
					throw new Error('boom with ffmpeg running');
				}
			});
		},
	},
});
