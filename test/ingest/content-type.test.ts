import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseContentType} from '../../source/ingest/content-type.js';

const cases: Array<[string | undefined, string, string | undefined]> = [
	[undefined, '', undefined],
	['', '', undefined],
	['image/jpeg', 'image/jpeg', undefined],
	['multipart/x-mixed-replace; boundary=myboundary', 'multipart/x-mixed-replace', 'myboundary'],
	['multipart/x-mixed-replace;boundary="myboundary"', 'multipart/x-mixed-replace', 'myboundary'],
	['Multipart/X-Mixed-Replace; BOUNDARY=Frame', 'multipart/x-mixed-replace', 'Frame'],
	['multipart/x-mixed-replace; boundary=--myboundary', 'multipart/x-mixed-replace', '--myboundary'],
	['multipart/x-mixed-replace; boundary="--my boundary"', 'multipart/x-mixed-replace', '--my boundary'],
	['multipart/x-mixed-replace ;  boundary = spaced ', 'multipart/x-mixed-replace', 'spaced'],
	['multipart/x-mixed-replace; charset=utf-8; boundary=second', 'multipart/x-mixed-replace', 'second'],
	['multipart/x-mixed-replace; foo="a;boundary=fake"; boundary=real', 'multipart/x-mixed-replace', 'real'],
	['multipart/x-mixed-replace; boundary="with \\"quote\\""', 'multipart/x-mixed-replace', 'with "quote"'],
	['multipart/x-mixed-replace; boundary=first; boundary=second', 'multipart/x-mixed-replace', 'first'],
	['multipart/x-mixed-replace; boundary=', 'multipart/x-mixed-replace', undefined],
	['multipart/x-mixed-replace; boundary', 'multipart/x-mixed-replace', undefined],
	['multipart/x-mixed-replace; boundary="unterminated', 'multipart/x-mixed-replace', 'unterminated'],
	[';;;', '', undefined],
];

for (const [value, mediaType, boundary] of cases) {
	test(`parseContentType(${JSON.stringify(value)})`, () => {
		assert.deepEqual(parseContentType(value), {mediaType, boundary});
	});
}
