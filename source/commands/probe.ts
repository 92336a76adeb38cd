import {monitorEventLoopDelay} from 'node:perf_hooks';
import {Camera, type CameraOptions} from '../camera/camera.js';
import type {CameraConfig, CameraSnapshot} from '../camera/types.js';
import type {RunSummary} from '../camera/frame-stats.js';
import type {CamtopError} from '../errors.js';
import type {SplitterStats} from '../ingest/types.js';
import type {ResponseInfo} from '../camera/camera.js';

/** Default `--duration`. */
export const DEFAULT_PROBE_MS = 5000;
/** Connect and response timeouts of a probe: a dead camera is reported in seconds. */
const PROBE_CONNECT_MS = 5000;
const PROBE_RESPONSE_MS = 10_000;
/** A probe never waits for a reconnect: it reports the first connection only. */
const NO_RETRY_MS = 24 * 3_600_000;
/** How often the probe checks its clock while nothing happens. */
const TICK_MS = 50;
/** States that end the first connection (`ended`: a file source reached its end). */
const STOPPED: ReadonlySet<string> = new Set(['reconnecting', 'failed', 'stalled', 'ended']);
/**
How often (ms) the probe samples how late its own event loop runs. Arrival times are taken
when the loop gets to the socket's data, so a busy machine (or a blocked loop) shows up as
arrival jitter that the camera never had; the findings need to know.
*/
const LOOP_SAMPLE_MS = 10;

export type ProbeOptions = {
	/** How long to collect after the camera answered. */
	readonly durationMs: number;
	/** Extra Camera options (tests: timeouts, a stall limit). */
	readonly camera?: CameraOptions;
	readonly now?: () => number;
};

/** Everything one probe saw, for findings and reports. */
export type ProbeObservation = {
	readonly config: CameraConfig;
	readonly snapshot: CameraSnapshot;
	readonly response: ResponseInfo | undefined;
	readonly failure: CamtopError | undefined;
	readonly splitter: SplitterStats | undefined;
	readonly run: RunSummary;
	/** From the answer (or the start, when there was none) to the end of collecting. */
	readonly durationMs: number;
	/** Why collecting stopped. */
	readonly end: 'duration' | 'failed' | 'ended';
	/** How late camtop's own event loop ran while collecting (99th percentile, ms): arrival times are off by up to this much. */
	readonly loopDelayMs: number;
};

/**
Connect to one camera once, collect for `durationMs` after it answers, and return what
was seen. Stops early when the connection fails or the stream ends; never reconnects.
*/
export async function probeCamera(config: CameraConfig, options: ProbeOptions): Promise<ProbeObservation> {
	const now = options.now ?? Date.now;
	const camera = new Camera(0, config, {
		timeouts: {connectTimeoutMs: PROBE_CONNECT_MS, responseTimeoutMs: PROBE_RESPONSE_MS},
		...options.camera,
		backoffMs: [NO_RETRY_MS],
		now,
	});
	const startedAt = now();
	let answeredAt: number | undefined;
	const loopDelay = monitorEventLoopDelay({resolution: LOOP_SAMPLE_MS});
	loopDelay.enable();

	const end = await new Promise<ProbeObservation['end']>(resolve => {
		let unsubscribe: () => void = () => undefined;
		let finished = false;
		const finish = (why: ProbeObservation['end']) => {
			if (finished) {
				return;
			}

			finished = true;
			clearInterval(ticker);
			unsubscribe();
			resolve(why);
		};

		const check = () => {
			const {state} = camera;
			answeredAt ??= camera.response?.at;
			if (STOPPED.has(state)) {
				finish(camera.lastFailure?.code === 'ERR_STREAM_ENDED' || state === 'ended' ? 'ended' : 'failed');
			} else if (answeredAt !== undefined && now() - answeredAt >= options.durationMs) {
				finish('duration');
			}
		};

		const ticker = setInterval(check, TICK_MS);
		unsubscribe = camera.subscribe(check);
		camera.start();
	});
	camera.stop();
	loopDelay.disable();
	const stoppedAt = now();
	return {
		config,
		snapshot: camera.snapshot(),
		response: camera.response,
		failure: camera.lastFailure,
		splitter: camera.splitterStats,
		run: camera.frameStats.run(),
		durationMs: stoppedAt - (answeredAt ?? startedAt),
		end,
		// The histogram holds whole sampling intervals (ns): lateness is what exceeds the resolution.
		loopDelayMs: loopDelay.count === 0 ? 0 : Math.max(0, (loopDelay.percentile(99) / 1e6) - LOOP_SAMPLE_MS),
	};
}

/** Probe several cameras at once; results in the order given. */
export async function probeCameras(configs: readonly CameraConfig[], options: ProbeOptions): Promise<ProbeObservation[]> {
	return Promise.all(configs.map(async config => probeCamera(config, options)));
}
