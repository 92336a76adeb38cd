#!/usr/bin/env node
// First: sets NODE_ENV before React is evaluated.
import './production-env.js';
import {existsSync} from 'node:fs';
import meow from 'meow';
import type {CameraConfig} from './camera/types.js';
import {camerasFromUrls, loadCamerasFile, withRunOptions} from './config.js';
import {runSubcommand} from './commands/subcommands.js';
import {CamtopError} from './errors.js';
import {stopAllChildren} from './ingest/ffmpeg-children.js';
import {openTerminalInput} from './terminal-input.js';
import {sanitizeText} from './ui/sanitize.js';
import {runMonitor} from './monitor.js';
import {parseMode, parseRate} from './render/render-flags.js';

export const helpText = `
	Usage
	  $ camtop [URL|FILE ...]         cameras: http(s), rtsp(s), rtmp, mms, tcp URLs, video or MJPEG files, /dev/video*
	  $ curl -sN URL | camtop -       an MJPEG stream on stdin
	  $ camtop --config cameras.json  cameras from a file
	  $ camtop                        ./cameras.json if present, else built-in demo cameras
	  $ camtop probe URL|NAME ...     what a stream really sends, and what is unusual
	  $ camtop snapshot URL|NAME -o frame.jpg      save the next frame (--print draws it)
	  $ camtop record URL|NAME -o out.mjpg         record the frames as they arrive
	  (camtop probe --help, camtop snapshot --help, camtop record --help for their options)

	Options
	  --config, -c  Cameras file (JSON, see cameras.example.json)
	  --demo        Show the built-in demo cameras, whatever else is configured
	  --demo-faults The demo cameras plus one broken camera per fault mode
	  --fps         Most pictures drawn per second per tile (1-60)  [default: 15]
	  --mode        auto, truecolor, 256, 16, ascii, sixel, kitty or iterm2  [default: auto]
	  --max-rate    Output budget, e.g. 1MB/s or 300kB/s: lowers fps, then colours
	  --ffmpeg      Path of ffmpeg (for rtsp, rtmp, mms, HLS, video files, webcams)
	  --replay-fps  Replay rate of files and stdin, 0 = fastest  [default: their X-Timestamps, else 25]
	  --loop        Start files again at their end
	  --help        Show this help
	  --version     Show the version

	Keys
	  Press ? in the monitor for the key list.

	Examples
	  $ camtop http://192.168.1.20/axis-cgi/mjpg/video.cgi
	  $ camtop http://pi:8080/?action=stream http://esp32:81/stream
	  $ camtop rtsp://admin:secret@192.168.1.50/stream1 tcp://192.168.1.40:5000
	  $ camtop --loop --replay-fps 10 recording.mjpg
`;

const DEFAULT_CAMERAS_FILE = 'cameras.json';

type Plan = {cameras: readonly CameraConfig[]; origin: string; demo: boolean; ffmpeg?: string};

async function plan(urls: readonly string[], flags: {config: string | undefined; demo: boolean}): Promise<Plan> {
	if (flags.demo) {
		return {cameras: [], origin: 'demo cameras', demo: true};
	}

	if (urls.length > 0) {
		if (flags.config) {
			throw new CamtopError('ERR_USAGE', 'give camera URLs or --config, not both');
		}

		return {cameras: camerasFromUrls(urls), origin: 'cameras from the command line', demo: false};
	}

	const path = flags.config ?? (existsSync(DEFAULT_CAMERAS_FILE) ? DEFAULT_CAMERAS_FILE : undefined);
	if (path === undefined) {
		return {cameras: [], origin: `demo cameras (no ${DEFAULT_CAMERAS_FILE} here)`, demo: true};
	}

	const file = await loadCamerasFile(path);
	return {cameras: file.cameras, origin: `cameras from ${path}`, demo: false, ...(file.ffmpeg === undefined ? {} : {ffmpeg: file.ffmpeg})};
}

async function main(): Promise<void> {
	// Every ffmpeg a command started has been told to stop; wait until each has exited.
	const exitCode = await runSubcommand(process.argv.slice(2)).finally(stopAllChildren);
	if (exitCode !== undefined) {
		process.exit(exitCode);
	}

	const cli = meow(helpText, {
		importMeta: import.meta,
		flags: {
			config: {type: 'string', shortFlag: 'c'},
			demo: {type: 'boolean', default: false},
			demoFaults: {type: 'boolean', default: false},
			fps: {type: 'number', default: 15},
			mode: {type: 'string', default: 'auto'},
			maxRate: {type: 'string'},
			ffmpeg: {type: 'string'},
			replayFps: {type: 'number'},
			loop: {type: 'boolean', default: false},
		},
	});

	const {replayFps} = cli.flags;
	if (replayFps !== undefined && (!Number.isFinite(replayFps) || replayFps < 0 || replayFps > 1000)) {
		throw new CamtopError('ERR_USAGE', `--replay-fps must be a number from 0 to 1000 (0 = as fast as possible), got ${replayFps}`);
	}

	if (!Number.isFinite(cli.flags.fps) || cli.flags.fps < 1 || cli.flags.fps > 60) {
		throw new CamtopError('ERR_USAGE', `--fps must be a number from 1 to 60, got ${cli.flags.fps}`);
	}

	const mode = parseMode(cli.flags.mode);
	const maxRate = cli.flags.maxRate === undefined ? undefined : parseRate(cli.flags.maxRate);

	const chosen = await plan(cli.input, {config: cli.flags.config, demo: cli.flags.demo || cli.flags.demoFaults});
	const videoOnStdin = chosen.cameras.some(camera => camera.url === '-');
	if (!videoOnStdin && !process.stdin.isTTY) {
		// Ink would draw a raw-mode error and wait forever; say what to do instead.
		throw new CamtopError('ERR_USAGE', 'the monitor reads keys from an interactive terminal, and standard input is not one; in scripts use camtop probe, snapshot or record');
	}

	let cameras = chosen.cameras;
	let onExit: (() => Promise<void>) | undefined;
	if (chosen.demo) {
		// Imported only here: the simulator encodes its pictures with sharp, and a monitor of real
		// cameras whose frames all take the DC decoder never loads sharp (~20 MB of RSS).
		const [{startDemoServer}, {defaultDemoCameras}, {faultyDemoCameras}] = await Promise.all([
			import('./demo/simulator.js'),
			import('./demo/demo-cameras.js'),
			import('./demo/faulty-cameras.js'),
		]);
		const server = await startDemoServer(cli.flags.demoFaults ? [...defaultDemoCameras, ...faultyDemoCameras] : defaultDemoCameras);
		cameras = server.cameras.map(camera => ({name: camera.name, url: camera.url}));
		onExit = async () => server.close();
	}

	cameras = withRunOptions(cameras, {
		ffmpegPath: cli.flags.ffmpeg ?? chosen.ffmpeg,
		...(replayFps === undefined ? {} : {replayFps}),
		...(cli.flags.loop ? {loop: true} : {}),
	});
	// Video on stdin: the keys come from the terminal itself.
	const stdin = videoOnStdin ? openTerminalInput() : undefined;
	try {
		await runMonitor({cameras, origin: chosen.origin, fps: cli.flags.fps, mode, maxRate, onExit, ...(stdin === undefined ? {} : {stdin})});
	} finally {
		stdin?.destroy();
		// Every ffmpeg has been told to stop; wait until each has exited (SIGKILL after a grace period).
		await stopAllChildren();
	}
}

try {
	await main();
	// Keep-alive sockets and libuv's pool may hold the loop open a little; quitting is final.
	process.exit(0);
} catch (error) {
	if (error instanceof CamtopError) {
		// The message may quote a camera name or a value from the cameras file: sanitized like the screen.
		console.error(`camtop: ${error.code}: ${sanitizeText(error.message)}`);
		process.exit(error.code === 'ERR_USAGE' || error.code === 'ERR_CONFIG' ? 2 : 1);
	}

	throw error;
}
