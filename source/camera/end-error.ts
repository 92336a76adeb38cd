import {CamtopError} from '../errors.js';
import type {SplitterStats} from '../ingest/types.js';
import {printable} from './failure.js';

/**
Why a live stream's connection ended. When the answer ended without a single frame
although bytes came and no framing was recognised (a 200 with a login page, a 404-style
body, a still of another format), it is not MJPEG: that does not fix itself, so the camera
shows `failed` and retries slowly rather than reconnecting every second.
`stats` is of a connection that has not produced a frame yet, else undefined.
*/
export function endError(stats: SplitterStats | undefined, contentType: string | undefined): CamtopError {
	if (stats && stats.frames === 0 && stats.bytes > 0 && stats.framing === 'unknown') {
		const type = contentType === undefined ? 'no Content-Type' : `Content-Type ${printable(contentType)}`;
		return new CamtopError('ERR_NOT_MJPEG', `the camera sent ${stats.bytes} bytes with no JPEG frame and ended the stream (${type})`);
	}

	return new CamtopError('ERR_STREAM_ENDED', 'the camera ended the stream');
}
