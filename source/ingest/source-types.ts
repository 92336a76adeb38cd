import type {CamtopError} from '../errors.js';

/**
Where a camera's bytes come from. `auto` picks from the URL: http(s) is an MJPEG stream
that turns into snapshot polling when the camera answers with single JPEGs; `tcp://` is a
raw TCP stream; `-` is stdin; a local MJPEG file is replayed; everything else goes
through ffmpeg.
*/
export type SourceKind = 'auto' | 'mjpeg' | 'snapshot' | 'tcp' | 'file' | 'stdin' | 'ffmpeg';

export const SOURCE_KINDS: readonly SourceKind[] = ['auto', 'mjpeg', 'snapshot', 'tcp', 'file', 'stdin', 'ffmpeg'];

/**
How credentials are sent over HTTP: `auto` answers the camera's challenge (Digest
preferred over Basic) and never sends them unasked; `basic` sends Basic with the first
request; `digest` answers only Digest challenges (never sends the password in the clear).
*/
export type AuthMode = 'auto' | 'basic' | 'digest';

export const AUTH_MODES: readonly AuthMode[] = ['auto', 'basic', 'digest'];

/** ffmpeg's `-rtsp_transport` values. */
export type RtspTransport = 'tcp' | 'udp' | 'udp_multicast' | 'http' | 'https';

export const RTSP_TRANSPORTS: readonly RtspTransport[] = ['tcp', 'udp', 'udp_multicast', 'http', 'https'];

/** Everything a source may need; each source reads the fields it knows. */
export type SourceOptions = {
	url: string;
	kind?: SourceKind;
	username?: string;
	password?: string;
	auth?: AuthMode;
	/** Extra request headers (HTTP and ffmpeg's http). */
	headers?: Record<string, string>;
	/** DNS lookup + TCP (+ TLS) connect. */
	connectTimeoutMs?: number;
	/** From the request being sent to the response headers. */
	responseTimeoutMs?: number;
	/** No bytes at all for this long. */
	idleTimeoutMs?: number;
	/** Accept any TLS certificate (self-signed cameras). */
	insecure?: boolean;
	/** Path of a PEM file with the CA certificate(s) to trust. */
	ca?: string;
	/** Time between snapshot requests, from the start of one to the start of the next. */
	snapshotIntervalMs?: number;
	/** File and stdin replay rate; 0 = as fast as possible; undefined = the X-Timestamp headers' rate. */
	replayFps?: number;
	/** Start a file again at its end. */
	loop?: boolean;
	/** The ffmpeg binary chosen by config or `--ffmpeg`. */
	ffmpegPath?: string;
	/** Extra ffmpeg input options, placed before `-i`. */
	ffmpegOptions?: readonly string[];
	rtspTransport?: RtspTransport;
	/** ffmpeg scales wider pictures down to this width. */
	maxWidth?: number;
};

export type SourceResponse = {
	statusCode: number;
	contentType: string | undefined;
	headers: Record<string, string | string[] | undefined>;
	/**
	How often a frame is due at most, when the source knows it is slow on purpose
	(snapshot polling, a slow replay), so the stall watchdog can wait long enough.
	*/
	frameIntervalMs?: number;
	/** The source is a recording: its end is the end, not a failure to retry. */
	finite?: boolean;
	/** The frames come through an ffmpeg child (the camera's stall watchdog waits longer). */
	ffmpeg?: boolean;
};

export type SourceHandlers = {
	onResponse(info: SourceResponse): void;
	onData(chunk: Uint8Array): void;
	/** The source ended cleanly. */
	onEnd(): void;
	/** Any failure; called at most once, never after onEnd, never after close(). */
	onError(error: CamtopError): void;
};

export type SourceHandle = {close(): void};

export type SourceOpener = (options: SourceOptions, handlers: SourceHandlers) => SourceHandle;
