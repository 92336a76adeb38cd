import type {HttpSourceOptions} from '../ingest/http-source.js';
import type {SourceOpener as IngestSourceOpener} from '../ingest/source-types.js';
import type {Frame, SplitterStats} from '../ingest/types.js';

/** Connected, but no complete frame for this long: the camera is stalled. */
export const DEFAULT_STALL_MS = 10_000;
/**
The same for a camera read through ffmpeg (issue 6: 20 s). ffmpeg's input (RTSP setup, a wait
for the next keyframe, HLS segments) delivers later and less evenly than an MJPEG camera.
*/
export const DEFAULT_FFMPEG_STALL_MS = 20_000;

export type SplitterLike = {
	push(chunk: Uint8Array): Frame[];
	end(): Frame[];
	readonly stats: SplitterStats;
};

/** Where bytes come from; the default picks the source from the URL and `kind` (open-source.ts). */
export type SourceOpener = IngestSourceOpener;

export type CameraOptions = {
	/** Reconnect delays in ms; the last repeats. Default 1, 2, 5, 10, 30, 60 s. */
	backoffMs?: readonly number[];
	stallMs?: number;
	/** Stall time when the source is ffmpeg; default the larger of stallMs and DEFAULT_FFMPEG_STALL_MS. */
	ffmpegStallMs?: number;
	/** Live this long and the backoff schedule starts over. Default 30 s. */
	healthyMs?: number;
	now?: () => number;
	random?: () => number;
	timeouts?: Pick<HttpSourceOptions, 'connectTimeoutMs' | 'responseTimeoutMs' | 'idleTimeoutMs'>;
	/** Where bytes come from; default `openSource`, which picks HTTP, snapshot, TCP, file, stdin or ffmpeg. */
	openSource?: SourceOpener;
	createSplitter?: (contentType: string | undefined) => SplitterLike;
};

export type LatestFrame = {readonly frame: Frame; readonly seq: number; readonly receivedAt: number};

/** Told of every frame, in order (the camera itself keeps only the newest). */
export type FrameListener = (frame: Frame, info: {readonly seq: number; readonly receivedAt: number; readonly good: boolean}) => void;

/** The answer of the current (or last) connection; `at` is when it came (ms since epoch). */
export type ResponseInfo = {
	readonly statusCode: number;
	readonly headers: Readonly<Record<string, string | string[] | undefined>>;
	readonly at: number;
	/** The source is a recording (a file, stdin): its end is expected. */
	readonly finite: boolean;
};
