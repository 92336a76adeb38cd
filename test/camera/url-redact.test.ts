import {test} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {redactSecrets, redactUrl} from '../../source/url-redact.js';

test('redactUrl masks the userinfo password and credential query values', () => {
	const table: Array<[string, string]> = [
		['http://admin:s3cret@cam.local/video.mjpg', 'http://admin:***@cam.local/video.mjpg'],
		['http://admin@cam.local/x', 'http://admin@cam.local/x'],
		['http://cam:8080/x?user=a&pwd=b&res=1#pwd=c', 'http://cam:8080/x?user=***&pwd=***&res=1#pwd=c'],
		['http://h/cgi?usr=a&Password=b&PASS=c&token=d&auth=e&pass', 'http://h/cgi?usr=***&Password=***&PASS=***&token=***&auth=***&pass'],
		['http://h/?P%61ss=x', 'http://h/?P%61ss=***'],
		['http://u:p@ss@h:1/', 'http://u:***@h:1/'],
		// An unencoded '/' in the password makes the URL invalid, but it must still be hidden.
		['http://u:pa/ss@host/x', 'http://u:***@host/x'],
		['http://[::1]:8080/a@b', 'http://[::1]:8080/a@b'],
		['http://cam:8080/video@1', 'http://cam:8080/video@1'],
		['user:pw@host/path', 'user:***@host/path'],
		['http://cam/a%20b?q=a+b', 'http://cam/a%20b?q=a+b'],
	];
	for (const [input, expected] of table) {
		assert.equal(redactUrl(input), expected, input);
	}
});

test('redactUrl never shows a userinfo password (property)', () => {
	const password = fc.string({minLength: 4, maxLength: 12}).filter(text => /^[\w!$%&'()*+,;=-]+$/.test(text) && !text.includes('***'));
	fc.assert(fc.property(password, fc.constantFrom('/x', '/x?a=1', '', '?b=2#f'), (secret, tail) => {
		const url = `http://admin:${secret}@cam.local:81${tail}`;
		const shown = redactUrl(url);
		assert.equal(shown, `http://admin:***@cam.local:81${tail}`);
	}));
});

test('redactSecrets masks secrets as given and percent-encoded', () => {
	assert.equal(redactSecrets('a p@ss b p%40ss c', ['p@ss']), 'a *** b *** c');
	assert.equal(redactSecrets('abc', ['', undefined]), 'abc');
	assert.equal(redactSecrets('key=longsecret', ['long', 'longsecret']), 'key=***');
});
