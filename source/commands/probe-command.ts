import meow from 'meow';
import {parseDuration} from './duration.js';
import {colourWanted, note, writeOut} from './output.js';
import {DEFAULT_PROBE_MS, probeCameras} from './probe.js';
import {buildReport, probeDocument, probeExitCode, probeJson} from './probe-report.js';
import {probeTextAll} from './probe-text.js';
import {resolveTargets} from './targets.js';

export const probeHelp = `
	Usage
	  $ camtop probe URL|NAME ...            what each stream really sends, and what is unusual
	  $ camtop probe --config cameras.json   every camera in the file (./cameras.json by default)
	  $ camtop probe --demo                  the built-in demo cameras

	Options
	  --duration, -d  How long to watch each camera (5s, 500ms, 1m)  [default: 5s]
	  --json          Print one JSON object (schema in the readme) instead of text
	  --config, -c    Cameras file: NAME picks a camera from it
	  --demo          NAME picks a built-in demo camera (served in-process)
	  --ffmpeg        Path of ffmpeg (for rtsp, rtmp, mms, HLS, video files, webcams)

	Cameras are probed in parallel, each over one connection (no retries). MJPEG files
	and stdin are read as fast as possible.

	Exit status
	  0  every camera is healthy
	  1  a camera has a problem or a warning (see its findings)
	  2  usage or config error

	Examples
	  $ camtop probe http://192.168.1.20/axis-cgi/mjpg/video.cgi
	  $ camtop probe lobby garage --duration 10s --json
`;

/** `camtop probe`: returns the exit status. */
export async function runProbe(argv: readonly string[]): Promise<number> {
	const cli = meow(probeHelp, {
		importMeta: import.meta,
		argv: [...argv],
		allowUnknownFlags: false,
		flags: {
			duration: {type: 'string', shortFlag: 'd', default: `${DEFAULT_PROBE_MS / 1000}s`},
			json: {type: 'boolean', default: false},
			config: {type: 'string', shortFlag: 'c'},
			demo: {type: 'boolean', default: false},
			ffmpeg: {type: 'string'},
		},
	});
	const durationMs = parseDuration(cli.flags.duration, '--duration');
	const targets = await resolveTargets(cli.input, {config: cli.flags.config, demo: cli.flags.demo, ffmpeg: cli.flags.ffmpeg, replayFps: 0});
	try {
		if (!cli.flags.json && process.stderr.isTTY) {
			const count = targets.cameras.length;
			note(`probing ${count} camera${count === 1 ? '' : 's'} for ${(durationMs / 1000).toFixed(1)} s…`);
		}

		const observations = await probeCameras(targets.cameras, {durationMs});
		const reports = observations.map(observation => buildReport(observation));
		await writeOut(cli.flags.json ? `${probeJson(probeDocument(reports))}\n` : probeTextAll(reports, colourWanted(process.stdout)));
		return probeExitCode(reports);
	} finally {
		await targets.close();
	}
}
