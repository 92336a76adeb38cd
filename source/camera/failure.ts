import {CamtopError} from '../errors.js';
import {HttpStatusError, systemCodeOf} from '../ingest/http-source.js';
import type {SplitterStats} from '../ingest/types.js';
import type {CameraState} from './types.js';

/**
HTTP answers that mean "wrong URL or wrong credentials": they do not fix themselves
within seconds, so the camera shows `failed` and retries at the slow end of the
schedule. Everything else (5xx, 429, resets, timeouts) is worth a quick retry.
*/
const LASTING_STATUS: ReadonlySet<number> = new Set([400, 401, 403, 404, 405, 406, 410, 415, 501, 505]);

/** System errors that mean the address itself is wrong. */
const LASTING_SYSTEM: ReadonlySet<string> = new Set(['ENOTFOUND']);

/** Whether a failure will most likely still be there in a few seconds. */
export function isLastingFailure(error: CamtopError): boolean {
	switch (error.code) {
		case 'ERR_HTTP_STATUS': {
			return error instanceof HttpStatusError && LASTING_STATUS.has(error.statusCode);
		}

		case 'ERR_CONFIG':
		case 'ERR_USAGE':
		case 'ERR_NOT_MJPEG':
		case 'ERR_AUTH':
		case 'ERR_TLS':
		case 'ERR_FFMPEG_MISSING':
		case 'ERR_UNSUPPORTED':
		case 'ERR_WRITE': {
			return true;
		}

		case 'ERR_CONNECT': {
			const code = systemCodeOf(error);
			return code !== undefined && LASTING_SYSTEM.has(code);
		}

		case 'ERR_TIMEOUT':
		case 'ERR_STREAM_ENDED':
		case 'ERR_STREAM':
		case 'ERR_STALLED':
		case 'ERR_DECODE': {
			return false;
		}
	}
}

/** The state a camera waits in after `error`, until its next attempt. */
export function stateAfter(error: CamtopError): CameraState {
	if (error.code === 'ERR_STALLED') {
		return 'stalled';
	}

	return isLastingFailure(error) ? 'failed' : 'reconnecting';
}

/** Camera-sent text (a Content-Type) for a message: printable ASCII only, bounded. */
export function printable(text: string, max = 80): string {
	const clean = text.replaceAll(/[^\x20-\x7E]/g, '');
	return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/**
Why a connection that answered gave no frame for `stallMs`. When it never gave a single
frame although bytes came and no framing was recognised, the body is something else
(a login page, a still image, a different codec): that will not fix itself.
`stats` is of a connection that has not produced a frame yet, else undefined.
*/
export function stallError(stallMs: number, stats: SplitterStats | undefined, contentType: string | undefined): CamtopError {
	const seconds = `${Math.round(stallMs / 100) / 10} s`;
	if (stats && stats.frames === 0 && stats.bytes > 0 && stats.framing === 'unknown') {
		const type = contentType === undefined ? 'no Content-Type' : `Content-Type ${printable(contentType)}`;
		return new CamtopError('ERR_NOT_MJPEG', `no JPEG frame in ${stats.bytes} bytes within ${seconds} (${type})`);
	}

	if (stats && stats.frames === 0 && stats.nonJpegParts > 0) {
		// Multipart framing is fine, but the parts hold something else (PNG, H.264, text).
		return new CamtopError('ERR_NOT_MJPEG', `${stats.nonJpegParts} multipart part${stats.nonJpegParts === 1 ? '' : 's'} within ${seconds}, none of them a JPEG`);
	}

	return new CamtopError('ERR_STALLED', `no complete frame for ${seconds}`);
}
