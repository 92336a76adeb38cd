import process from 'node:process';
import meow from 'meow';
import {CamtopError} from '../errors.js';
import {formatBytes} from '../ui/format.js';
import {sanitizeText} from '../ui/sanitize.js';
import {parseDuration} from './duration.js';
import {EXIT, note} from './output.js';
import {recordCamera, type RecordResult} from './record.js';
import {recordFormats, type RecordFormat} from './recorder.js';
import {resolveTargets} from './targets.js';

export const recordHelp = `
	Usage
	  $ camtop record URL|NAME -o out.mjpg [--duration 60s] [--frames N]

	Options
	  --output, -o    File to write (required)
	  --duration, -d  Stop this long after the first frame (5s, 2m, 1h)
	  --frames, -n    Stop after this many frames
	  --format        raw: the JPEGs back to back; multipart: each frame as a part
	                  with the camera's part headers  [default: raw]
	  --config, -c    Cameras file: NAME picks a camera from it
	  --demo          NAME picks a built-in demo camera
	  --ffmpeg        Path of ffmpeg (for rtsp, rtmp, mms, HLS, video files, webcams)

	Frames are written exactly as they arrived, whole or not at all. Ctrl-C, SIGTERM
	and SIGHUP stop the recording cleanly: the file is flushed and closed. A dropped
	connection is reconnected; a lasting failure (HTTP 404, wrong password) ends it.

	Exit status
	  0  recorded until the duration, the frame count or a signal
	  1  the camera failed
	  2  usage or config error
	  3  the file could not be written (full disk, no permission)
`;

/** How often the progress line on a terminal is redrawn. */
const PROGRESS_MS = 500;
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function positiveInteger(value: number | undefined, flag: string): number | undefined {
	if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
		throw new CamtopError('ERR_USAGE', `${flag} must be a positive whole number, got ${value}`);
	}

	return value;
}

function summary(result: RecordResult, name: string): string {
	const took = `${(result.durationMs / 1000).toFixed(1)} s`;
	return `recorded ${result.frames} frame${result.frames === 1 ? '' : 's'} (${formatBytes(result.bytes)}, ${took}) from ${sanitizeText(name)} to ${sanitizeText(result.path)}`;
}

/** `camtop record`: returns the exit status. */
export async function runRecord(argv: readonly string[]): Promise<number> {
	const cli = meow(recordHelp, {
		importMeta: import.meta,
		argv: [...argv],
		allowUnknownFlags: false,
		flags: {
			output: {type: 'string', shortFlag: 'o'},
			duration: {type: 'string', shortFlag: 'd'},
			frames: {type: 'number', shortFlag: 'n'},
			format: {type: 'string', default: 'raw'},
			config: {type: 'string', shortFlag: 'c'},
			demo: {type: 'boolean', default: false},
			ffmpeg: {type: 'string'},
		},
	});
	const path = cli.flags.output;
	if (path === undefined || path === '') {
		throw new CamtopError('ERR_USAGE', 'say where the recording goes: -o FILE');
	}

	if (!recordFormats.includes(cli.flags.format as RecordFormat)) {
		throw new CamtopError('ERR_USAGE', `--format must be ${recordFormats.join(' or ')}, got ${JSON.stringify(cli.flags.format)}`);
	}

	if (cli.input.length !== 1) {
		throw new CamtopError('ERR_USAGE', `record takes one camera, got ${cli.input.length}`);
	}

	const frames = positiveInteger(cli.flags.frames, '--frames');
	const durationMs = cli.flags.duration === undefined ? undefined : parseDuration(cli.flags.duration, '--duration');
	const targets = await resolveTargets(cli.input, {config: cli.flags.config, demo: cli.flags.demo, ffmpeg: cli.flags.ffmpeg});
	const controller = new AbortController();
	const onSignal = () => {
		controller.abort();
	};

	for (const signal of SIGNALS) {
		process.on(signal, onSignal);
	}

	const camera = targets.cameras[0]!;
	const started = Date.now();
	const progress = process.stderr.isTTY ? setInterval(() => {
		process.stderr.write(`\r\u001B[K● REC ${sanitizeText(camera.name)} → ${sanitizeText(path)}  ${((Date.now() - started) / 1000).toFixed(0)} s`);
	}, PROGRESS_MS) : undefined;
	try {
		let result: RecordResult;
		try {
			result = await recordCamera(camera, {
				path,
				format: cli.flags.format as RecordFormat,
				durationMs,
				frames,
				signal: controller.signal,
				onState: text => {
					if (progress) {
						process.stderr.write('\r\u001B[K');
					}

					note(`${sanitizeText(camera.name)}: ${sanitizeText(text)}`);
				},
			});
		} catch (error) {
			if (error instanceof CamtopError && error.code === 'ERR_WRITE') {
				note(`camtop: ${error.code}: ${sanitizeText(error.message)}`);
				return EXIT.write;
			}

			throw error;
		}

		clearInterval(progress);
		if (progress) {
			process.stderr.write('\r\u001B[K');
		}

		note(summary(result, camera.name));
		if (result.error) {
			note(`camtop: ${result.error.code}: ${sanitizeText(result.error.message)}`);
		}

		return result.stop === 'write' ? EXIT.write : (result.stop === 'camera' ? EXIT.camera : EXIT.ok);
	} finally {
		clearInterval(progress);
		for (const signal of SIGNALS) {
			process.off(signal, onSignal);
		}

		await targets.close();
	}
}
