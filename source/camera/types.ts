import type {CamtopErrorCode} from '../errors.js';
import type {FramingMode} from '../ingest/types.js';

export type CameraState = 'connecting' | 'live' | 'stalled' | 'reconnecting' | 'failed';

/** What one camera is configured as (after config validation and defaults). */
export type CameraConfig = {
	name: string;
	url: string;
	username?: string;
	password?: string;
	/** Extra request headers. */
	headers?: Record<string, string>;
};

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
	/** ms since epoch when the next connection attempt is due (reconnecting, stalled, failed). */
	readonly retryAt?: number;
};
