import process from 'node:process';
import meow from 'meow';
import {inspectJpeg} from '../camera/jpeg-info.js';
import {CamtopError} from '../errors.js';
import {formatBytes} from '../ui/format.js';
import {sanitizeText} from '../ui/sanitize.js';
import {parseDuration} from './duration.js';
import {colourWanted, EXIT, note, writeOut} from './output.js';
import {frameAsText} from './print-frame.js';
import {saveFrameFile} from './recorder.js';
import {DEFAULT_SNAPSHOT_TIMEOUT_MS, grabFrame} from './snapshot.js';
import {resolveTargets} from './targets.js';

export const snapshotHelp = `
	Usage
	  $ camtop snapshot URL|NAME -o frame.jpg   save the next complete frame, byte for byte
	  $ camtop snapshot URL|NAME --print        draw it in the terminal

	Options
	  --output, -o  File to write the JPEG to; - writes it to stdout
	  --print, -p   Draw the frame in the terminal
	  --timeout     Give up without a complete frame after this long  [default: 15s]
	  --config, -c  Cameras file: NAME picks a camera from it
	  --demo        NAME picks a built-in demo camera
	  --ffmpeg      Path of ffmpeg (for rtsp, rtmp, mms, HLS, video files, webcams)

	The file is written whole or not at all; corrupt frames are passed over.

	Exit status
	  0  saved (or printed)
	  1  no frame: the camera failed, or sent none in time
	  2  usage or config error
	  3  the file could not be written (full disk, no permission)
`;

/** `camtop snapshot`: returns the exit status. */
export async function runSnapshot(argv: readonly string[]): Promise<number> {
	const cli = meow(snapshotHelp, {
		importMeta: import.meta,
		argv: [...argv],
		allowUnknownFlags: false,
		flags: {
			output: {type: 'string', shortFlag: 'o'},
			print: {type: 'boolean', shortFlag: 'p', default: false},
			timeout: {type: 'string', default: `${DEFAULT_SNAPSHOT_TIMEOUT_MS / 1000}s`},
			config: {type: 'string', shortFlag: 'c'},
			demo: {type: 'boolean', default: false},
			ffmpeg: {type: 'string'},
		},
	});
	const output = cli.flags.output;
	if (output === undefined && !cli.flags.print) {
		throw new CamtopError('ERR_USAGE', 'say where the frame goes: -o FILE (- for stdout), or --print');
	}

	if (output === '-' && cli.flags.print) {
		throw new CamtopError('ERR_USAGE', '-o - and --print both use stdout; choose one');
	}

	if (cli.input.length !== 1 && !(cli.input.length === 0 && cli.flags.demo)) {
		throw new CamtopError('ERR_USAGE', `snapshot takes one camera, got ${cli.input.length}`);
	}

	const timeoutMs = parseDuration(cli.flags.timeout, '--timeout');
	const targets = await resolveTargets(cli.input, {config: cli.flags.config, demo: cli.flags.demo, ffmpeg: cli.flags.ffmpeg});
	try {
		const camera = targets.cameras[0]!;
		let grabbed;
		try {
			grabbed = await grabFrame(camera, {timeoutMs});
		} catch (error) {
			if (error instanceof CamtopError) {
				note(`camtop: ${error.code}: ${sanitizeText(camera.name)}: ${sanitizeText(error.message)}`);
				return EXIT.camera;
			}

			throw error;
		}

		const {data} = grabbed.frame;
		const {info} = inspectJpeg(data);
		const size = info ? `${info.width}×${info.height} ` : '';
		if (output === '-') {
			await writeOut(data);
		} else if (output !== undefined) {
			try {
				saveFrameFile(output, data);
			} catch (error) {
				if (error instanceof CamtopError) {
					note(`camtop: ${error.code}: ${sanitizeText(error.message)}`);
					return EXIT.write;
				}

				throw error;
			}

			note(`saved a ${size}JPEG (${formatBytes(data.length)}) from ${sanitizeText(camera.name)} to ${sanitizeText(output)}`);
		}

		if (cli.flags.print && info) {
			await writeOut(await frameAsText(data, info.width, info.height, {
				columns: process.stdout.columns || 80,
				rows: process.stdout.rows || 24,
				colour: colourWanted(process.stdout),
			}));
		}

		return EXIT.ok;
	} finally {
		await targets.close();
	}
}
