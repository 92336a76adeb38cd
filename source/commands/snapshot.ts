import {Camera, type CameraOptions} from '../camera/camera.js';
import type {CameraConfig} from '../camera/types.js';
import {CamtopError} from '../errors.js';
import type {Frame} from '../ingest/types.js';

/** Default `--timeout` of `camtop snapshot`. */
export const DEFAULT_SNAPSHOT_TIMEOUT_MS = 15_000;
const NO_RETRY_MS = 24 * 3_600_000;
const STOPPED: ReadonlySet<string> = new Set(['reconnecting', 'failed', 'stalled', 'ended']);

export type GrabbedFrame = {
	/** The frame's bytes exactly as they arrived. */
	readonly frame: Frame;
	/** Corrupt frames passed over before it. */
	readonly skippedCorrupt: number;
};

/**
Connect once and take the next complete, whole frame (corrupt ones are passed over).
Rejects with the camera's own error when the connection fails or ends first, or
ERR_TIMEOUT after `timeoutMs`.
*/
export async function grabFrame(config: CameraConfig, options: {timeoutMs: number; camera?: CameraOptions}): Promise<GrabbedFrame> {
	const camera = new Camera(0, config, {...options.camera, backoffMs: [NO_RETRY_MS]});
	let skippedCorrupt = 0;
	try {
		return await new Promise<GrabbedFrame>((resolve, reject) => {
			const timer = setTimeout(() => {
				reject(new CamtopError('ERR_TIMEOUT', `no complete frame within ${options.timeoutMs / 1000} s`));
			}, options.timeoutMs);
			const done = () => {
				clearTimeout(timer);
				stopFrames();
				stopStates();
			};

			const stopFrames = camera.onFrame((frame, {good}) => {
				if (!good) {
					skippedCorrupt++;
					return;
				}

				done();
				resolve({frame, skippedCorrupt});
			});
			const stopStates = camera.subscribe(() => {
				if (STOPPED.has(camera.state)) {
					done();
					const failure = camera.lastFailure ?? new CamtopError('ERR_STREAM', 'the connection ended');
					reject(skippedCorrupt > 0 ? new CamtopError(failure.code, `${failure.message} (after ${skippedCorrupt} corrupt frames)`, {cause: failure}) : failure);
				}
			});
			camera.start();
		});
	} finally {
		camera.stop();
	}
}
