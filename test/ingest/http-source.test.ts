import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {inspect} from 'node:util';
import type {CamtopError} from '../../source/errors.js';
import {HttpStatusError, openHttpSource, type HttpSourceOptions} from '../../source/ingest/http-source.js';
import {freePort, startServer, waitFor} from '../camera/helpers.js';

type Outcome = {
	statusCode: number | undefined;
	contentType: string | undefined;
	bytes: Buffer;
	ended: boolean;
	errors: CamtopError[];
};

/** Open a source and record everything it reports; `done` resolves on end or error. */
function record(options: HttpSourceOptions) {
	const outcome: Outcome = {statusCode: undefined, contentType: undefined, bytes: Buffer.alloc(0), ended: false, errors: []};
	const chunks: Uint8Array[] = [];
	let finish: () => void = () => undefined;
	const done = new Promise<Outcome>(resolve => {
		finish = () => {
			outcome.bytes = Buffer.concat(chunks);
			resolve(outcome);
		};
	});
	const source = openHttpSource(options, {
		onResponse(info) {
			outcome.statusCode = info.statusCode;
			outcome.contentType = info.contentType;
		},
		onData(chunk) {
			chunks.push(chunk);
		},
		onEnd() {
			outcome.ended = true;
			finish();
		},
		onError(error) {
			outcome.errors.push(error);
			finish();
		},
	});
	return {source, done, chunks, outcome};
}

const PASSWORD = 'Sup3r-S3cret!';

function assertNoPassword(error: CamtopError | undefined) {
	assert.ok(error);
	assert.ok(!error.message.includes(PASSWORD), error.message);
	assert.ok(!error.message.includes(encodeURIComponent(PASSWORD)), error.message);
	assert.ok(!inspect(error, {depth: 10}).includes(PASSWORD), 'inspect(error) leaks the password');
}

describe('openHttpSource', () => {
	test('streams the body through and ends cleanly', async () => {
		const parts = [Buffer.from('--frame\r\n'), Buffer.alloc(70_000, 7), Buffer.from('tail')];
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-type': 'multipart/x-mixed-replace; boundary=frame'});
			for (const part of parts) {
				response.write(part);
			}

			response.end();
		});
		try {
			const {done} = record({url: `${server.url}/video`});
			const outcome = await done;
			assert.deepEqual(outcome.errors, []);
			assert.equal(outcome.ended, true);
			assert.equal(outcome.statusCode, 200);
			assert.equal(outcome.contentType, 'multipart/x-mixed-replace; boundary=frame');
			assert.ok(outcome.bytes.equals(Buffer.concat(parts)));
		} finally {
			await server.close();
		}
	});

	test('a 404 is ERR_HTTP_STATUS', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(404, 'Nope');
			response.end('not here');
		});
		try {
			const outcome = await record({url: `${server.url}/missing`}).done;
			assert.equal(outcome.errors.length, 1);
			const error = outcome.errors[0]!;
			assert.equal(error.code, 'ERR_HTTP_STATUS');
			assert.equal(error.message, 'HTTP 404 Not Found');
			assert.ok(error instanceof HttpStatusError);
			assert.equal(error.statusCode, 404);
			assert.equal(outcome.statusCode, undefined, 'onResponse is only for 2xx');
		} finally {
			await server.close();
		}
	});

	test('a refused port is ERR_CONNECT naming the cause', async () => {
		const port = await freePort();
		const outcome = await record({url: `http://admin:${PASSWORD}@127.0.0.1:${port}/x`}).done;
		const error = outcome.errors[0];
		assert.equal(error?.code, 'ERR_CONNECT');
		assert.match(error.message, /connection refused/);
		assert.match(error.message, new RegExp(`127\\.0\\.0\\.1:${port}`));
		assertNoPassword(error);
	});

	test('headers and then silence is ERR_TIMEOUT from the idle timeout', async () => {
		const server = await startServer((_request, response) => {
			response.writeHead(200, {'content-type': 'image/jpeg'});
			response.write(Buffer.from([0xFF, 0xD8]));
		});
		try {
			const outcome = await record({url: server.url, idleTimeoutMs: 150, responseTimeoutMs: 5000}).done;
			assert.equal(outcome.statusCode, 200);
			assert.equal(outcome.errors[0]?.code, 'ERR_TIMEOUT');
			assert.match(outcome.errors[0].message, /no data .* for 150 ms/);
			assert.equal(outcome.bytes.length, 2);
		} finally {
			await server.close();
		}
	});

	test('a server that never answers is ERR_TIMEOUT from the response timeout', async () => {
		const server = await startServer(() => {
			// Accept the request and never answer.
		});
		try {
			const outcome = await record({url: server.url, responseTimeoutMs: 150, idleTimeoutMs: 5000}).done;
			assert.equal(outcome.errors[0]?.code, 'ERR_TIMEOUT');
			assert.match(outcome.errors[0].message, /no response headers .* within 150 ms/);
		} finally {
			await server.close();
		}
	});

	test('answers a Basic challenge with username/password or the URL\'s userinfo, never sending it unasked', async () => {
		const seen: Array<string | undefined> = [];
		const server = await startServer((request, response) => {
			seen.push(request.headers.authorization);
			if (request.headers.authorization === undefined) {
				response.writeHead(401, {'www-authenticate': 'Basic realm="cam"'});
			}

			response.end();
		});
		try {
			await record({url: server.url, username: 'admin', password: PASSWORD}).done;
			await record({url: `http://viewer:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}/`}).done;
			assert.deepEqual(seen, [
				undefined,
				`Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`,
				undefined,
				`Basic ${Buffer.from(`viewer:${PASSWORD}`).toString('base64')}`,
			]);
		} finally {
			await server.close();
		}
	});

	test('passes extra headers', async () => {
		let seen: string | undefined;
		const server = await startServer((request, response) => {
			seen = request.headers['x-camera-key'] as string | undefined;
			response.end();
		});
		try {
			await record({url: server.url, headers: {'X-Camera-Key': 'k1'}}).done;
			assert.equal(seen, 'k1');
		} finally {
			await server.close();
		}
	});

	test('error messages never contain the password', async () => {
		const server = await startServer((request, response) => {
			// Echo the credentials back in every place a careless message might copy them from.
			response.writeHead(401, PASSWORD, {'www-authenticate': `Basic realm="${PASSWORD}"`});
			response.end(request.headers.authorization);
		});
		try {
			for (const options of [
				{url: server.url, username: 'admin', password: PASSWORD},
				{url: `http://admin:${encodeURIComponent(PASSWORD)}@127.0.0.1:${server.port}/?pwd=${PASSWORD}`},
			]) {
				const outcome = await record(options).done;
				const error = outcome.errors[0];
				assert.equal(error?.code, 'ERR_AUTH');
				assert.match(error.message, /^auth failed: the camera refused the username or password/);
				assertNoPassword(error);
			}
		} finally {
			await server.close();
		}
	});

	test('an invalid URL is reported through onError, not thrown', async () => {
		for (const url of [`notaurl://admin:${PASSWORD}@host/`, `http://admin:${PASSWORD}@`]) {
			const outcome = await record({url}).done;
			assert.equal(outcome.errors[0]?.code, 'ERR_CONFIG');
			assertNoPassword(outcome.errors[0]);
		}
	});

	test('close() stops the stream and reports nothing', async () => {
		let serverSawClose = false;
		const server = await startServer((request, response) => {
			response.writeHead(200, {'content-type': 'image/jpeg'});
			response.write(Buffer.alloc(100));
			request.socket.on('close', () => {
				serverSawClose = true;
			});
		});
		try {
			const {source, chunks, outcome} = record({url: server.url});
			await waitFor(() => chunks.length > 0, 'the first chunk');
			source.close();
			source.close();
			await waitFor(() => serverSawClose, 'the server to see the connection close');
			await new Promise(resolve => {
				setImmediate(resolve);
			});
			assert.deepEqual(outcome.errors, []);
			assert.equal(outcome.ended, false);
		} finally {
			await server.close();
		}
	});
});
