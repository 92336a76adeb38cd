import type {DemoFaultOptions} from './faults.js';

/** Every way the simulator can write its multipart framing, each one a quirk seen on real cameras. */
export const demoQuirks = [
	'standard',
	'quoted-boundary',
	'dashed-boundary',
	'no-content-length',
	'lf-only',
	'padded-length',
] as const;

export type DemoQuirk = typeof demoQuirks[number];

export type DemoCameraOptions = {
	/** Also the URL path: `/<name>.mjpeg`; letters, digits, `-`, `_`, `.`, `~` only. */
	name: string;
	width: number;
	height: number;
	/** Frames per second sent. */
	fps: number;
	/** JPEG quality 1–100; default 70. */
	quality?: number;
	/** How the multipart framing is written; default `standard`. */
	quirk?: DemoQuirk;
	/** End each response after this many frames (for tests); default endless. */
	frames?: number;
	/** Crafted faults, for truth tests and for trying `camtop probe`; default none. */
	anomalies?: DemoAnomalies;
	/** A whole-connection fault (source/demo/faults.ts): every connection to this camera gets it instead of a normal stream. */
	fault?: DemoFaultOptions;
};

/**
Faults a broken camera sends. Each rule hits the parts whose number (from 1, counting every
frame the camera made) is a multiple of `every`.
*/
export type DemoAnomalies = {
	/** The Content-Length says the real length plus `delta` (e.g. -2: two bytes short). */
	readonly wrongLength?: {readonly every: number; readonly delta: number};
	/** No Content-Length header on these parts. */
	readonly missingLength?: {readonly every: number};
	/** `bytes` bytes of garbage right after these parts' JPEG, before the line end and the next delimiter. */
	readonly garbage?: {readonly every: number; readonly bytes: number};
	/** These parts carry only the first half of the JPEG (a corrupt frame; the Content-Length matches it). */
	readonly corrupt?: {readonly every: number};
	/** The Content-Type declares this boundary while the body keeps its own, so clients must sniff it. */
	readonly declaredBoundary?: string;
};

/** How many parts carried each fault, summed over connections. */
export type DemoAnomalyCounters = {
	wrongLength: number;
	missingLength: number;
	garbageParts: number;
	garbageBytes: number;
	corrupt: number;
};

/** Exact totals for one camera since the server started, summed over all its connections. */
export type DemoCounters = {
	/** Stream connections accepted. */
	connections: number;
	/** Stream connections open right now. */
	open: number;
	/** Parts written. */
	frames: number;
	/** Body bytes written, multipart framing and closing delimiter included (HTTP head excluded). */
	bytes: number;
	/** JPEG bytes written. */
	frameBytes: number;
	/** Frames not written to a connection because its socket had not drained. */
	skipped: number;
	/** Faults written (see DemoAnomalies). */
	anomalies: DemoAnomalyCounters;
	/** X-Timestamp (ms since the epoch) of the first and the newest frame written; undefined before the first. */
	firstFrameTime: number | undefined;
	lastFrameTime: number | undefined;
};

export type DemoServer = {
	/** Base URL, e.g. `http://127.0.0.1:41234`. */
	url: string;
	cameras: ReadonlyArray<{name: string; url: string; options: DemoCameraOptions}>;
	counters(name: string): DemoCounters;
	/** Every distinct JPEG sent (as sent: cut short when `corrupt`), oldest first; only when started with `{keepFrames: true}`, else empty. */
	sentFrames(name: string): Uint8Array[];
	/** Ends all open responses, closes the server, clears every timer. */
	close(): Promise<void>;
};

export type DemoServerOptions = {
	keepFrames?: boolean;
	host?: '127.0.0.1';
	/** Port to listen on; default 0 (the OS picks one). */
	port?: number;
};
