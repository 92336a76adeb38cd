import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {inspect} from 'node:util';
import type {CamtopError} from '../../source/errors.js';
import {openHttpSource} from '../../source/ingest/http-source.js';
import type {SourceOptions} from '../../source/ingest/source-types.js';
import {authGate, type AuthGateOptions} from '../helpers/auth-server.js';
import {startServer, waitFor} from '../camera/helpers.js';

/** Every character the issue names, and then some. */
const PASSWORD = 'p@ss:w#rd%/,;=?&"\\ü';
const JPEG = Buffer.from([0xFF, 0xD8, 0xFF, 0xD9]);

/** Open a source until it delivers `bytes` bytes, ends or fails. */
async function run(options: SourceOptions, bytes = JPEG.length) {
	const errors: CamtopError[] = [];
	let received = 0;
	let ended = false;
	const source = openHttpSource(options, {
		onResponse() {
			// Nothing to record.
		},
		onData(chunk) {
			received += chunk.length;
		},
		onEnd() {
			ended = true;
		},
		onError(error) {
			errors.push(error);
		},
	});
	await waitFor(() => received >= bytes || ended || errors.length > 0, 'data, end or error');
	source.close();
	return {errors, received, ended};
}

async function withGate(gateOptions: AuthGateOptions, body: (url: string, gate: ReturnType<typeof authGate>) => Promise<void>) {
	const gate = authGate(gateOptions);
	const server = await startServer((request, response) => {
		if (gate.check(request, response)) {
			response.writeHead(200, {'content-type': 'image/jpeg'});
			response.end(JPEG);
		}
	});
	try {
		await body(`${server.url}/snap.jpg?ch=1`, gate);
	} finally {
		await server.close();
	}
}

function assertNoPassword(error: CamtopError | undefined) {
	assert.ok(error);
	for (const form of [PASSWORD, encodeURIComponent(PASSWORD)]) {
		assert.ok(!error.message.includes(form), error.message);
		assert.ok(!inspect(error, {depth: 10}).includes(form), 'inspect(error) leaks the password');
	}
}

describe('HTTP auth against an independent Basic/Digest server', () => {
	const cases: ReadonlyArray<AuthGateOptions['schemes']> = [['basic'], ['digest-md5'], ['digest-sha256'], ['digest-md5', 'digest-sha256', 'basic']];
	for (const schemes of cases) {
		test(`${schemes.join(' + ')}: challenge first, then the answer; a password with @ : # % / , works`, async () => {
			await withGate({schemes, username: 'admin', password: PASSWORD}, async (url, gate) => {
				const outcome = await run({url, username: 'admin', password: PASSWORD});
				assert.deepEqual(outcome.errors, []);
				assert.equal(outcome.received, JPEG.length);
				assert.equal(gate.seen.length, 2);
				assert.equal(gate.seen[0], undefined, 'nothing is sent unasked');
				const expected = schemes.includes('digest-sha256') ? /^Digest .*algorithm=SHA-256/ : (schemes[0] === 'basic' ? /^Basic / : /^Digest .*algorithm=MD5/);
				assert.match(gate.seen[1] ?? '', expected);
			});
		});
	}

	test('credentials from the URL userinfo, percent-encoded', async () => {
		await withGate({schemes: ['digest-sha256'], username: 'user@site', password: PASSWORD}, async (url, gate) => {
			const withUser = url.replace('http://', `http://${encodeURIComponent('user@site')}:${encodeURIComponent(PASSWORD)}@`);
			const outcome = await run({url: withUser});
			assert.deepEqual(outcome.errors, []);
			assert.equal(gate.counts.length, 1);
		});
	});

	test('a wrong password is ERR_AUTH "auth failed" after one answer, never a loop, and the message holds no password', async () => {
		for (const schemes of [['basic'], ['digest-sha256']] satisfies Array<AuthGateOptions['schemes']>) {
			await withGate({schemes, username: 'admin', password: 'right'}, async (url, gate) => {
				const outcome = await run({url, username: 'admin', password: PASSWORD});
				assert.equal(outcome.errors[0]?.code, 'ERR_AUTH');
				assert.match(outcome.errors[0].message, /^auth failed: the camera refused the username or password/);
				assertNoPassword(outcome.errors[0]);
				assert.equal(gate.seen.length, 2, 'one unauthenticated request, one answer');
			});
		}
	});

	test('no credentials configured: ERR_AUTH says so', async () => {
		await withGate({schemes: ['digest-md5'], username: 'admin', password: 'x'}, async url => {
			const outcome = await run({url});
			assert.equal(outcome.errors[0]?.code, 'ERR_AUTH');
			assert.match(outcome.errors[0].message, /none are configured/);
		});
	});

	test('"auth": "basic" sends Basic with the first request; "auth": "digest" never sends Basic', async () => {
		await withGate({schemes: ['basic'], username: 'admin', password: PASSWORD}, async (url, gate) => {
			assert.deepEqual((await run({url, username: 'admin', password: PASSWORD, auth: 'basic'})).errors, []);
			assert.equal(gate.seen.length, 1);
			assert.match(gate.seen[0] ?? '', /^Basic /);
			const refused = await run({url, username: 'admin', password: PASSWORD, auth: 'digest'});
			assert.equal(refused.errors[0]?.code, 'ERR_AUTH');
			assert.match(refused.errors[0].message, /only Basic auth/);
			assert.equal(gate.seen.length, 2);
			assert.equal(gate.seen[1], undefined);
		});
	});

	test('snapshot polling reuses the Digest nonce with a growing nonce count, and retries a stale nonce', async () => {
		await withGate({schemes: ['digest-sha256'], username: 'admin', password: PASSWORD, nonceUses: 3}, async (url, gate) => {
			const outcome = await run({url, username: 'admin', password: PASSWORD, kind: 'snapshot', snapshotIntervalMs: 1}, JPEG.length * 5);
			assert.deepEqual(outcome.errors, []);
			// Nonce 1 answers polls 1-3 (nc 1, 2, 3), then is stale: a new nonce starts at nc 1 again.
			assert.deepEqual(gate.counts.slice(0, 5), [1, 2, 3, 1, 2]);
			const unauthenticated = gate.seen.filter(header => header === undefined).length;
			assert.equal(unauthenticated, 1, 'only the very first request goes without credentials');
		});
	});
});

describe('redirects', () => {
	test('credentials and custom headers follow a redirect on the same host, never to another host', async () => {
		const otherSeen: Array<{authorization: string | undefined; key: string | undefined}> = [];
		const other = await startServer((request, response) => {
			otherSeen.push({authorization: request.headers.authorization, key: request.headers['x-api-key'] as string | undefined});
			response.writeHead(401, {'www-authenticate': 'Basic realm="elsewhere"'});
			response.end();
		});
		const gate = authGate({schemes: ['basic'], username: 'admin', password: PASSWORD});
		const keys: Array<string | undefined> = [];
		const server = await startServer((request, response) => {
			keys.push(request.headers['x-api-key'] as string | undefined);
			if (request.url === '/old') {
				response.writeHead(302, {location: '/new'});
				response.end();
			} else if (request.url === '/away') {
				response.writeHead(301, {location: `${other.url}/stolen`});
				response.end();
			} else if (gate.check(request, response)) {
				response.writeHead(200, {'content-type': 'image/jpeg'});
				response.end(JPEG);
			}
		});
		try {
			const options = {username: 'admin', password: PASSWORD, headers: {'X-Api-Key': 'k3y'}};
			assert.deepEqual((await run({...options, url: `${server.url}/old`})).errors, []);
			assert.ok(keys.every(key => key === 'k3y'));
			const away = await run({...options, url: `${server.url}/away`});
			assert.equal(away.errors[0]?.code, 'ERR_AUTH');
			assert.match(away.errors[0].message, /sends them only to 127\.0\.0\.1:\d+/);
			assertNoPassword(away.errors[0]);
			assert.deepEqual(otherSeen, [{authorization: undefined, key: undefined}]);
		} finally {
			await server.close();
			await other.close();
		}
	});

	test('a redirect loop stops after a bounded number of hops', async () => {
		let hits = 0;
		const server = await startServer((_request, response) => {
			hits++;
			response.writeHead(302, {location: `/loop${hits}`});
			response.end();
		});
		try {
			const outcome = await run({url: server.url});
			assert.equal(outcome.errors[0]?.code, 'ERR_CONNECT');
			assert.match(outcome.errors[0].message, /too many redirects/);
			assert.equal(hits, 6);
		} finally {
			await server.close();
		}
	});
});
