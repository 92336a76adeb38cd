import type {CamtopErrorCode} from '../errors.js';
import type {SourceOptions} from '../ingest/source-types.js';
import type {FramingMode} from '../ingest/types.js';
import type {JpegInfo} from './jpeg-info.js';
import type {Jitter, Spread} from './series.js';

/** `ended`: a recording (file, stdin) reached its end; it is not retried. */
export type CameraState = 'connecting' | 'live' | 'stalled' | 'reconnecting' | 'failed' | 'ended';

/**
What one camera is configured as (after config validation and defaults): its name and
the source options (url, kind, credentials, headers, TLS, snapshot, replay, ffmpeg).
*/
export type CameraConfig = {
	name: string;
} & Omit<SourceOptions, 'connectTimeoutMs' | 'responseTimeoutMs' | 'idleTimeoutMs'>;

/**
An immutable picture of one camera for the UI. A new object whenever anything in it
changed, so `useSyncExternalStore` can compare by identity.
*/
export type CameraSnapshot = {
	readonly index: number;
	readonly name: string;
	/** The URL with any password replaced by `***`. */
	readonly displayUrl: string;
	readonly state: CameraState;
	/** Why the camera is in this state (for failed / reconnecting / stalled). */
	readonly reason: string | undefined;
	readonly fps: number;
	readonly fpsAverage: number;
	readonly bytesPerSecond: number;
	readonly frames: number;
	readonly bytes: number;
	readonly reconnects: number;
	readonly framing: FramingMode;
	readonly contentType: string | undefined;
	readonly lastError: {readonly code: CamtopErrorCode; readonly message: string} | undefined;
	/** ms since epoch when the camera entered `state`. */
	readonly since: number;
	/** ms since epoch of the newest frame; undefined before the first. */
	readonly lastFrameAt?: number;
	/**
	Whole seconds since the newest frame, while that frame is still shown but the camera is
	not live (stalled, reconnecting, failed, connecting again); undefined while live, after
	a recording ended, and before the first frame. The tile's title shows it ("last frame 12 s ago").
	*/
	readonly staleSeconds?: number;
	/** ms since epoch when the next connection attempt is due (reconnecting, stalled, failed). */
	readonly retryAt?: number;
	/** The stats panel's figures (source/camera/frame-stats.ts); absent in snapshots made by hand. */
	readonly diagnostics?: CameraDiagnostics;
	/** ms since epoch when the camera was started; undefined before start(). */
	readonly startedAt?: number;
	/** Time spent live in earlier live periods; while live, add `now - since` for the total uptime. */
	readonly pastLiveMs?: number;
	/** A recording or saved frame of this camera (keys `R` and `c`), added by the monitor. */
	readonly capture?: CaptureStatus;
	/** Pictures of this camera drawn, and frames passed over for a newer one (render loop), added by the monitor. */
	readonly drawn?: {readonly rendered: number; readonly dropped: number};
};

/** One Content-Length error: declared minus real length (`delta` undefined: all the rarer ones together). */
export type LengthError = {readonly delta: number | undefined; readonly parts: number};

/**
What the frames and the framing of one camera look like, over its whole life (counters
summed over connections) or, for latency and jitter, over its last RECENT_FRAMES frames.
*/
export type CameraDiagnostics = {
	/** Frames that are whole JPEGs. */
	readonly goodFrames: number;
	/** Frames that start like a JPEG but are not whole (cut off, bad markers). */
	readonly corruptFrames: number;
	readonly lastCorruption: string | undefined;
	/** Good frames with bytes after their EOI inside the part (e.g. a Content-Length that counts the line end). */
	readonly framesWithTrailingBytes: number;
	/** JPEG bytes per frame. */
	readonly frameSize: Spread | undefined;
	/** The newest good frame's header: size, coding process, subsampling. */
	readonly jpeg: JpegInfo | undefined;
	readonly resolutionChanges: number;
	/** The Content-Type's boundary parameter as declared, and the delimiter line seen in the body (current connection). */
	readonly declaredBoundary: string | undefined;
	readonly seenBoundary: string | undefined;
	readonly partHeaderNames: readonly string[];
	/** Frames whose part declared a Content-Length. */
	readonly partsWithLength: number;
	/** Frames whose Content-Length was wrong, by how much; most frequent first. */
	readonly lengthErrors: readonly LengthError[];
	/** Splitter counters (see SplitterStats), summed over connections. */
	readonly contentLengthMismatches: number;
	readonly partsWithoutLength: number;
	readonly skippedBytes: number;
	readonly resyncs: number;
	readonly nonJpegParts: number;
	readonly oversizedFrames: number;
	readonly oversizedHeaders: number;
	/** Frames that carried a readable X-Timestamp. */
	readonly timestampedFrames: number;
	/** Our clock minus the camera's X-Timestamp (wall-clock stamps only). */
	readonly latencyMs: Spread | undefined;
	/** How unsteady the intervals between the camera's X-Timestamps are. */
	readonly timestampJitter: Jitter | undefined;
	/** How unsteady the intervals between frame arrivals are. */
	readonly arrivalJitter: Jitter | undefined;
};

/** A recording in progress or just ended, and the last saved frame (monitor keys `R` and `c`). */
export type CaptureStatus = {
	readonly recording: {readonly path: string; readonly frames: number; readonly bytes: number; readonly since: number} | undefined;
	/** The newest thing to tell the user: a saved frame, a finished recording, or a write error. */
	readonly notice: {readonly text: string; readonly error: boolean} | undefined;
};
