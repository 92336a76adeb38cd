import {test} from 'node:test';
import assert from 'node:assert/strict';
import {digestAuthorization, pickDigestChallenge, toDigestChallenge} from '../../source/ingest/digest-auth.js';
import {parseWwwAuthenticate} from '../../source/ingest/www-authenticate.js';

// RFC 7616 §3.9.1: the worked example, with its published responses.
const RFC_CHALLENGE = (algorithm: string) => `Digest
	realm="http-auth@example.org",
	qop="auth, auth-int",
	algorithm=${algorithm},
	nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
	opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`.replaceAll(/\n\t/g, ' ');
const RFC_INPUT = {
	username: 'Mufasa',
	password: 'Circle of Life',
	method: 'GET',
	uri: '/dir/index.html',
	nonceCount: 1,
	cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
};

for (const [algorithm, expected] of [
	['MD5', '8ca523f5e9506fed4657c9700eebdbec'],
	['SHA-256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
] as const) {
	test(`RFC 7616 §3.9.1 example, ${algorithm}`, () => {
		const challenge = pickDigestChallenge(parseWwwAuthenticate(RFC_CHALLENGE(algorithm)));
		assert.ok(challenge);
		assert.equal(challenge.algorithm, algorithm);
		assert.equal(challenge.qop, 'auth');
		const {response, header} = digestAuthorization({challenge, ...RFC_INPUT});
		assert.equal(response, expected);
		assert.equal(header, `Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=${algorithm}, `
			+ 'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", nc=00000001, cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", qop=auth, '
			+ `response="${expected}", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`);
	});
}

test('the strongest offered algorithm wins, whatever the order', () => {
	const header = [RFC_CHALLENGE('MD5'), RFC_CHALLENGE('SHA-256'), 'Basic realm="x"'].join(', ');
	assert.equal(pickDigestChallenge(parseWwwAuthenticate(header))?.algorithm, 'SHA-256');
	assert.equal(pickDigestChallenge(parseWwwAuthenticate(['Basic realm="x"', RFC_CHALLENGE('MD5')]))?.algorithm, 'MD5');
	assert.equal(pickDigestChallenge(parseWwwAuthenticate('Basic realm="x"')), undefined);
});

test('parses several challenges, quoted-pairs, odd spacing and case', () => {
	const challenges = parseWwwAuthenticate('Newauth realm="apps", type=1, title="Login to \\"apps\\"", BASIC  realm = "simple" ,digest nonce=abc');
	assert.deepEqual(challenges.map(challenge => [challenge.scheme, Object.fromEntries(challenge.params)]), [
		['newauth', {realm: 'apps', type: '1', title: 'Login to "apps"'}],
		['basic', {realm: 'simple'}],
		['digest', {nonce: 'abc'}],
	]);
	assert.deepEqual(parseWwwAuthenticate(undefined), []);
	assert.deepEqual(parseWwwAuthenticate('=,=,"'), []);
});

test('unanswerable Digest challenges are refused, stale is read', () => {
	const parse = (text: string) => toDigestChallenge(parseWwwAuthenticate(text)[0]!);
	assert.equal(parse('Digest realm="r", nonce="n", algorithm=SHA-512-256'), undefined);
	assert.equal(parse('Digest realm="r", qop="auth"'), undefined);
	assert.equal(parse('Digest realm="r", nonce="n", qop="auth-conf"'), undefined);
	assert.equal(parse('Digest realm="r", nonce="n", stale=TRUE')?.stale, true);
	assert.equal(parse('Digest realm="r", nonce="n"')?.stale, false);
});

test('RFC 2069 (no qop), -sess, auth-int, userhash and non-ASCII usernames', () => {
	const legacy = toDigestChallenge(parseWwwAuthenticate('Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"')[0]!);
	assert.ok(legacy);
	// RFC 2069 §2.4's example user and password; the response is H(HA1:nonce:HA2) with no nc/cnonce.
	const {header} = digestAuthorization({challenge: legacy, username: 'Mufasa', password: 'CircleOfLife', method: 'GET', uri: '/dir/index.html', nonceCount: 1});
	assert.match(header, /response="1949323746fe6a43ef61f9606e7febea"/);
	assert.doesNotMatch(header, /nc=|cnonce=|qop=/);

	const sess = toDigestChallenge(parseWwwAuthenticate('Digest realm="r", nonce="n", qop="auth", algorithm=MD5-sess')[0]!);
	assert.ok(sess);
	const first = digestAuthorization({challenge: sess, username: 'u', password: 'p', method: 'GET', uri: '/', nonceCount: 2, cnonce: 'c1'});
	const second = digestAuthorization({challenge: sess, username: 'u', password: 'p', method: 'GET', uri: '/', nonceCount: 2, cnonce: 'c2'});
	assert.notEqual(first.response, second.response, 'the cnonce is part of HA1 in -sess');
	assert.match(first.header, /nc=00000002/);

	const int = toDigestChallenge(parseWwwAuthenticate('Digest realm="r", nonce="n", qop="auth-int"')[0]!);
	assert.match(digestAuthorization({challenge: int!, username: 'u', password: 'p', method: 'GET', uri: '/', nonceCount: 1}).header, /qop=auth-int/);

	const hashed = toDigestChallenge(parseWwwAuthenticate('Digest realm="r", nonce="n", qop="auth", userhash=true, algorithm=SHA-256')[0]!);
	const hashedHeader = digestAuthorization({challenge: hashed!, username: 'Mufasa', password: 'p', method: 'GET', uri: '/', nonceCount: 1}).header;
	assert.match(hashedHeader, /userhash=true/);
	assert.doesNotMatch(hashedHeader, /Mufasa/);

	const unicode = digestAuthorization({challenge: legacy, username: 'J\u00E4s\u00F8n Doe', password: 'p', method: 'GET', uri: '/', nonceCount: 1}).header;
	assert.match(unicode, /username\*=UTF-8''J%C3%A4s%C3%B8n%20Doe/);
	const quoted = digestAuthorization({challenge: legacy, username: 'a"b\\c', password: 'p', method: 'GET', uri: '/', nonceCount: 1}).header;
	assert.match(quoted, /username="a\\"b\\\\c"/);
});
