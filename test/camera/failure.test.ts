import {test} from 'node:test';
import assert from 'node:assert/strict';
import {isLastingFailure, printable, stallError, stateAfter} from '../../source/camera/failure.js';
import {CamtopError} from '../../source/errors.js';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import {HttpStatusError} from '../../source/ingest/http-source.js';

test('which failures are lasting (failed) and which are worth a quick retry', () => {
	const refused = new CamtopError('ERR_CONNECT', 'connection refused', {cause: Object.assign(new Error('x'), {code: 'ECONNREFUSED'})});
	const notFound = new CamtopError('ERR_CONNECT', 'host not found', {cause: Object.assign(new Error('x'), {code: 'ENOTFOUND'})});
	const table: Array<[CamtopError, string]> = [
		[new HttpStatusError(401, 'HTTP 401 Unauthorized'), 'failed'],
		[new HttpStatusError(403, 'HTTP 403 Forbidden'), 'failed'],
		[new HttpStatusError(404, 'HTTP 404 Not Found'), 'failed'],
		[new HttpStatusError(503, 'HTTP 503 Service Unavailable'), 'reconnecting'],
		[new HttpStatusError(429, 'HTTP 429 Too Many Requests'), 'reconnecting'],
		[refused, 'reconnecting'],
		[notFound, 'failed'],
		[new CamtopError('ERR_CONFIG', 'bad url'), 'failed'],
		[new CamtopError('ERR_NOT_MJPEG', 'text/html'), 'failed'],
		[new CamtopError('ERR_TIMEOUT', 'no data'), 'reconnecting'],
		[new CamtopError('ERR_STREAM_ENDED', 'ended'), 'reconnecting'],
		[new CamtopError('ERR_STALLED', 'no frame'), 'stalled'],
	];
	for (const [error, state] of table) {
		assert.equal(stateAfter(error), state, `${error.code}: ${error.message}`);
		assert.equal(isLastingFailure(error), state === 'failed');
	}
});

test('stallError tells a stream that is not MJPEG from one that stopped', () => {
	const splitter = new FrameSplitter({contentType: 'text/html'});
	splitter.push(new TextEncoder().encode('<html>login</html>\n'));
	const notMjpeg = stallError(10_000, splitter.stats, 'text/html\u001B[31m');
	assert.equal(notMjpeg.code, 'ERR_NOT_MJPEG');
	assert.equal(notMjpeg.message, 'no JPEG frame in 19 bytes within 10 s (Content-Type text/html[31m)');
	assert.equal(stallError(2500, undefined, 'image/jpeg').message, 'no complete frame for 2.5 s');
	assert.equal(stallError(2500, new FrameSplitter().stats, undefined).code, 'ERR_STALLED', 'no bytes at all is a stall');
});

test('printable keeps camera text to bounded printable ASCII', () => {
	assert.equal(printable('a\u0000b\u009Bc\u001Bd'), 'abcd');
	assert.equal(printable('x'.repeat(100), 10), `${'x'.repeat(9)}…`);
});
