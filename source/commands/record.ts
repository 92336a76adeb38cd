import {Camera, type CameraOptions} from '../camera/camera.js';
import type {CameraConfig} from '../camera/types.js';
import {CamtopError} from '../errors.js';
import {FrameFile, type RecordFormat} from './recorder.js';

/** With no frame at all for this long (connecting or reconnecting), a recording gives up. */
export const DEFAULT_FIRST_FRAME_MS = 30_000;

export type RecordOptions = {
	readonly path: string;
	readonly format: RecordFormat;
	/** Stop this long after the first frame. */
	readonly durationMs?: number;
	/** Stop after exactly this many frames. */
	readonly frames?: number;
	readonly firstFrameMs?: number;
	/** Stops the recording cleanly (a signal, a key). */
	readonly signal?: AbortSignal;
	/** Told about reconnects and state changes, for a progress line. */
	readonly onState?: (text: string) => void;
	readonly camera?: CameraOptions;
};

export type RecordResult = {
	readonly path: string;
	readonly frames: number;
	readonly bytes: number;
	/** From the first frame to the stop. */
	readonly durationMs: number;
	/** Why it stopped. */
	readonly stop: 'frames' | 'duration' | 'signal' | 'camera' | 'write';
	/** The camera's failure (stop `camera`) or the write failure (stop `write`). */
	readonly error: CamtopError | undefined;
};

/**
Record one camera's frames as they arrive, until `frames`, `durationMs`, the signal, a
failure that will not pass (HTTP 404, wrong password), or a failed write. Passing
failures (a dropped connection) reconnect with the camera's backoff. The file is closed
(flushed, synced) before this resolves. Throws ERR_WRITE when the file cannot be created.
*/
export async function recordCamera(config: CameraConfig, options: RecordOptions): Promise<RecordResult> {
	const file = FrameFile.open(options.path, options.format);
	const camera = new Camera(0, config, options.camera);
	let firstFrameAt: number | undefined;
	let stoppedAt: number | undefined;
	let error: CamtopError | undefined;

	const stop = await new Promise<RecordResult['stop']>(resolve => {
		const cleanups: Array<() => void> = [];
		let settled = false;
		const finish = (why: RecordResult['stop']) => {
			if (!settled) {
				settled = true;
				stoppedAt = Date.now();
				for (const cleanup of cleanups) {
					cleanup();
				}

				resolve(why);
			}
		};

		cleanups.push(camera.onFrame(frame => {
			if (settled) {
				return;
			}

			if (firstFrameAt === undefined) {
				firstFrameAt = Date.now();
				clearTimeout(firstFrameTimer);
				if (options.durationMs !== undefined) {
					const timer = setTimeout(() => {
						finish('duration');
					}, options.durationMs);
					cleanups.push(() => {
						clearTimeout(timer);
					});
				}
			}

			try {
				file.write(frame, camera.splitterStats?.seenBoundary);
			} catch (writeFailure) {
				error = writeFailure instanceof CamtopError ? writeFailure : new CamtopError('ERR_WRITE', String(writeFailure));
				finish('write');
				return;
			}

			if (options.frames !== undefined && file.frames >= options.frames) {
				finish('frames');
			}
		}));

		let lastState = camera.state;
		cleanups.push(camera.subscribe(() => {
			const {state} = camera;
			if (state === lastState) {
				return;
			}

			lastState = state;
			const snapshot = camera.snapshot();
			options.onState?.(`${state}${snapshot.reason === undefined ? '' : `: ${snapshot.reason}`}`);
			if (state === 'failed' || state === 'ended') {
				error = camera.lastFailure;
				finish('camera');
			}
		}));

		const firstFrameTimer = setTimeout(() => {
			error = camera.lastFailure ?? new CamtopError('ERR_TIMEOUT', `no frame within ${(options.firstFrameMs ?? DEFAULT_FIRST_FRAME_MS) / 1000} s`);
			finish('camera');
		}, options.firstFrameMs ?? DEFAULT_FIRST_FRAME_MS);
		cleanups.push(() => {
			clearTimeout(firstFrameTimer);
		});

		const onAbort = () => {
			finish('signal');
		};

		if (options.signal?.aborted) {
			onAbort();
		}

		options.signal?.addEventListener('abort', onAbort, {once: true});
		cleanups.push(() => {
			options.signal?.removeEventListener('abort', onAbort);
		});
		camera.start();
	});

	camera.stop();
	try {
		file.close();
	} catch (closeFailure) {
		error ??= closeFailure as CamtopError;
	}

	return {
		path: options.path,
		frames: file.frames,
		bytes: file.bytes,
		durationMs: firstFrameAt === undefined ? 0 : (stoppedAt ?? Date.now()) - firstFrameAt,
		stop: error?.code === 'ERR_WRITE' ? 'write' : stop,
		error,
	};
}
