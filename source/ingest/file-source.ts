import {createReadStream} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {CamtopError} from '../errors.js';
import {FrameSplitter} from './frame-splitter.js';
import {DEFAULT_REPLAY_FPS, ReplayClock} from './replay-clock.js';
import type {SourceHandle, SourceHandlers, SourceOptions} from './source-types.js';
import type {Frame} from './types.js';

/** Frames read ahead of the clock before reading pauses: bounds memory on a fast disk. */
const MAX_QUEUED_FRAMES = 8;

/** The file path of a `file:` URL or a plain path. */
export function filePathOf(url: string): string {
	return url.startsWith('file:') ? fileURLToPath(url) : url;
}

let stdinTaken = false;

type Reader = NodeJS.ReadableStream & {destroy?(): void};

/**
Replay a saved MJPEG stream, from a file or from stdin (`url` is `-`): raw concatenated
JPEGs or a saved multipart body, framing learned from the bytes. Frames go out at the
rate their X-Timestamp headers imply, or at `replayFps` (0 = as fast as possible); with
neither, a file plays at 25 fps and stdin as fast as it arrives. With `loop` a file
starts again at its end. Reading pauses while frames wait for their time, so a file is
never read far ahead. The end is reported as a finite source's end.
*/
export function openFileSource(options: SourceOptions, handlers: SourceHandlers, io: {stdin?: NodeJS.ReadableStream} = {}): SourceHandle {
	const isStdin = options.url === '-' || options.kind === 'stdin';
	const path = isStdin ? 'stdin' : filePathOf(options.url);
	const fps = options.replayFps;
	const clock = new ReplayClock({fps, fallbackFps: isStdin ? 0 : DEFAULT_REPLAY_FPS});
	const queue: Frame[] = [];
	let settled = false;
	let reader: Reader | undefined;
	let splitter = new FrameSplitter();
	let timer: NodeJS.Timeout | undefined;
	let readerEnded = false;
	let framesThisPass = 0;
	let bytesThisPass = 0;

	const finish = (error?: CamtopError) => {
		if (settled) {
			return;
		}

		settled = true;
		clearTimeout(timer);
		stopReading();
		if (error) {
			handlers.onError(error);
		} else {
			handlers.onEnd();
		}
	};

	const stopReading = () => {
		const current = reader;
		reader = undefined;
		if (current === undefined) {
			return;
		}

		current.removeAllListeners('data');
		current.removeAllListeners('end');
		if (isStdin) {
			// stdin is not ours to destroy; leave it paused for whoever comes next.
			current.pause();
		} else {
			current.destroy?.();
		}
	};

	const pump = () => {
		timer = undefined;
		while (!settled && queue.length > 0) {
			const frame = queue[0]!;
			const now = Date.now();
			const due = clock.dueAt(frame, now);
			if (due > now) {
				// dueAt moved the schedule on; undo by waiting and emitting without asking again.
				timer = setTimeout(() => {
					timer = undefined;
					emit();
					pump();
				}, due - now);
				return;
			}

			emit();
		}

		if (!settled && queue.length === 0) {
			if (readerEnded) {
				passEnded();
			} else {
				reader?.resume();
			}
		}
	};

	const emit = () => {
		const frame = queue.shift();
		if (frame !== undefined && !settled) {
			handlers.onData(frame.data);
		}
	};

	const passEnded = () => {
		if (framesThisPass === 0) {
			const what = bytesThisPass === 0 ? 'it is empty' : `no JPEG frame in its ${bytesThisPass} bytes`;
			finish(new CamtopError('ERR_NOT_MJPEG', `${path}: ${what}${isStdin ? '' : ' (a video file needs "kind": "ffmpeg")'}`));
			return;
		}

		if (options.loop === true && !isStdin) {
			clock.restart();
			splitter = new FrameSplitter();
			startReading();
			return;
		}

		finish();
	};

	const accept = (frames: Frame[]) => {
		framesThisPass += frames.length;
		queue.push(...frames);
		if (queue.length >= MAX_QUEUED_FRAMES) {
			reader?.pause();
		}

		if (timer === undefined) {
			pump();
		}
	};

	const startReading = () => {
		readerEnded = false;
		framesThisPass = 0;
		bytesThisPass = 0;
		const current: Reader = isStdin ? (io.stdin ?? process.stdin) : createReadStream(path);
		reader = current;
		current.on('data', (chunk: Buffer | string) => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			bytesThisPass += bytes.length;
			accept(splitter.push(bytes));
		});
		current.on('end', () => {
			readerEnded = true;
			accept(splitter.end());
		});
		current.on('error', (error: NodeJS.ErrnoException) => {
			const why = error.code === 'ENOENT' ? 'no such file' : (error.code === 'EISDIR' ? 'is a directory' : error.message);
			finish(new CamtopError(error.code === 'ENOENT' || error.code === 'EISDIR' ? 'ERR_CONFIG' : 'ERR_STREAM', `${path}: ${why}`, {cause: error}));
		});
		current.resume();
	};

	queueMicrotask(() => {
		if (settled) {
			return;
		}

		if (isStdin) {
			if (stdinTaken && io.stdin === undefined) {
				finish(new CamtopError('ERR_USAGE', 'stdin was already read to its end; it can be read only once'));
				return;
			}

			stdinTaken ||= io.stdin === undefined;
		}

		handlers.onResponse({
			statusCode: 0,
			contentType: undefined,
			headers: {},
			finite: true,
			...(fps !== undefined && fps > 0 ? {frameIntervalMs: 1000 / fps} : {}),
		});
		startReading();
	});

	return {
		close() {
			settled = true;
			clearTimeout(timer);
			stopReading();
		},
	};
}
