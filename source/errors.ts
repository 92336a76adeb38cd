/**
Stable error codes. The UI shows `code: message`; scripts match on `code`.
Add a code here when a new failure kind appears; never reuse one for another meaning.
*/
export type CamtopErrorCode =
	| 'ERR_CONFIG'
	| 'ERR_USAGE'
	| 'ERR_HTTP_STATUS'
	| 'ERR_CONNECT'
	| 'ERR_TIMEOUT'
	| 'ERR_STREAM_ENDED'
	| 'ERR_STREAM'
	| 'ERR_NOT_MJPEG'
	| 'ERR_STALLED'
	| 'ERR_DECODE'
	/** The camera refused the credentials, or asked for some and none are configured. */
	| 'ERR_AUTH'
	/** The TLS certificate was not trusted (self-signed, expired, wrong host). */
	| 'ERR_TLS'
	/** No ffmpeg binary was found where camtop looked. */
	| 'ERR_FFMPEG_MISSING'
	/** The source uses a codec, protocol or format that cannot be read. */
	| 'ERR_UNSUPPORTED'
	/** A snapshot or recording could not be written (full disk, no permission). */
	| 'ERR_WRITE';

export class CamtopError extends Error {
	override readonly name = 'CamtopError';
	readonly code: CamtopErrorCode;

	constructor(code: CamtopErrorCode, message: string, options?: {cause?: unknown}) {
		super(message, options);
		this.code = code;
	}
}

/** Wrap anything thrown into a CamtopError, keeping the original as `cause`. */
export function toCamtopError(error: unknown, fallback: CamtopErrorCode = 'ERR_STREAM'): CamtopError {
	if (error instanceof CamtopError) {
		return error;
	}

	const message = error instanceof Error ? error.message : String(error);
	return new CamtopError(fallback, message, {cause: error});
}
