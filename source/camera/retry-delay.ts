import type {CamtopError} from '../errors.js';
import {HttpStatusError} from '../ingest/source-errors.js';

/**
The wait before the next attempt: the backoff's `delay`, or longer when the camera asked
for it with Retry-After (a 503 or 429), but never longer than `capMs` (the slow end of the
schedule), so a camera asking for a day is still retried.
*/
export function retryDelay(delay: number, error: CamtopError, capMs: number): number {
	const asked = error instanceof HttpStatusError ? error.retryAfterMs : undefined;
	return asked === undefined ? delay : Math.max(delay, Math.min(asked, capMs));
}
