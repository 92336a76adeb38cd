import {spawn, type ChildProcess} from 'node:child_process';
import {CamtopError} from '../errors.js';
import {redactUrl} from '../url-redact.js';
import {buildFfmpegArgs, ffmpegInputKind} from './ffmpeg-args.js';
import {stopChild, trackChild} from './ffmpeg-children.js';
import {ffmpegFailure, StderrRing} from './ffmpeg-errors.js';
import {ffmpegVersion, locateFfmpeg, type LocateOptions} from './ffmpeg-locate.js';
import {DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_RESPONSE_TIMEOUT_MS} from './http-source.js';
import type {SourceHandle, SourceHandlers, SourceOptions} from './source-types.js';

export type FfmpegSourceIo = {
	/** How the binary is looked up (tests replace the npm fallback). */
	readonly locate?: Omit<LocateOptions, 'configured'>;
	/** Called with each spawned child (tests read its PID). */
	readonly onSpawn?: (child: ChildProcess) => void;
};

/**
Everything that is not MJPEG over HTTP or TCP, through ffmpeg: RTSP(S), RTMP, MMS, HLS,
video files, V4L2 devices. ffmpeg is spawned with an argument array (see
`buildFfmpegArgs`) and writes MJPEG to stdout, which goes to `onData` like any other
stream. Its stderr is kept as a bounded ring, and when it fails the known causes become
clear messages (`ffmpegFailure`). close() stops it with SIGTERM, then SIGKILL, and it is
always reaped; whatever is left when camtop exits is killed (`ffmpeg-children.ts`).
*/
export function openFfmpegSource(options: SourceOptions, handlers: SourceHandlers, io: FfmpegSourceIo = {}): SourceHandle {
	const what = redactUrl(options.url);
	const secrets = [options.password, passwordOf(options.url)];
	const ring = new StderrRing(secrets);
	const connect = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
	const idle = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
	// Probing a stream (codec parameters, a first key frame) takes a while on top of connecting
	// (at most a response timeout's worth more: the idle timeout is a long backstop).
	const response = options.responseTimeoutMs ?? DEFAULT_RESPONSE_TIMEOUT_MS;
	const startTimeoutMs = connect + response + Math.min(idle, response);
	const isLocal = ffmpegInputKind(options.url) === 'file';
	let settled = false;
	let child: ChildProcess | undefined;
	let startTimer: NodeJS.Timeout | undefined;
	let started = false;

	const settle = (report: () => void) => {
		if (!settled) {
			settled = true;
			clearTimeout(startTimer);
			if (child) {
				void stopChild(child);
			}

			report();
		}
	};

	const fail = (error: CamtopError) => {
		settle(() => {
			handlers.onError(error);
		});
	};

	const location = locateFfmpeg({...io.locate, ...(options.ffmpegPath === undefined ? {} : {configured: options.ffmpegPath})});
	const begin = async () => {
		if ('missing' in location) {
			throw new CamtopError('ERR_FFMPEG_MISSING', location.missing);
		}

		const version = await ffmpegVersion(location.path);
		const args = buildFfmpegArgs({...options, timeoutMs: idle, version});
		if (settled) {
			return;
		}

		const spawned = spawn(location.path, args, {stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true});
		child = spawned;
		trackChild(spawned);
		io.onSpawn?.(spawned);
		startTimer = setTimeout(() => {
			const detail = ring.lines().at(-1);
			fail(new CamtopError('ERR_TIMEOUT', `ffmpeg gave no picture from ${what} within ${startTimeoutMs} ms${detail === undefined ? '' : `: ${detail}`}`));
		}, startTimeoutMs);
		spawned.stderr.setEncoding('utf8').on('data', (text: string) => {
			ring.push(text);
		});
		spawned.stdout.on('data', (chunk: Buffer) => {
			if (settled) {
				return;
			}

			if (!started) {
				started = true;
				clearTimeout(startTimer);
				handlers.onResponse({statusCode: 0, contentType: 'image/jpeg', headers: {}, finite: isLocal && options.loop !== true, ffmpeg: true});
			}

			handlers.onData(chunk);
		});
		spawned.on('error', (error: NodeJS.ErrnoException) => {
			// spawn itself failed (the file vanished, not executable).
			fail(new CamtopError('ERR_FFMPEG_MISSING', `cannot run ffmpeg at ${location.path}: ${error.code ?? error.message}`));
		});
		// 'close' comes after stdout is drained, so every byte is delivered before the end is reported.
		spawned.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
			if (code === 0 && started) {
				settle(() => {
					handlers.onEnd();
				});
				return;
			}

			fail(code === 0
				? new CamtopError('ERR_UNSUPPORTED', `ffmpeg ended without a picture from ${what}`)
				: ffmpegFailure(ring.lines(), {code, signal}, {hasCredentials: secrets.some(Boolean) || options.username !== undefined, what}));
		});
	};

	begin().catch((error: unknown) => {
		fail(error instanceof CamtopError ? error : new CamtopError('ERR_STREAM', `ffmpeg: ${String(error)}`));
	});

	return {
		close() {
			settled = true;
			clearTimeout(startTimer);
			if (child) {
				void stopChild(child);
			}
		},
	};
}

function passwordOf(url: string): string | undefined {
	try {
		const {password} = new URL(url);
		return password === '' ? undefined : decodeURIComponent(password);
	} catch {
		return undefined;
	}
}
