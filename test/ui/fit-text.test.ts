import assert from 'node:assert/strict';
import {describe, test} from 'node:test';
import stringWidth from 'string-width';
import {fitSegments, textWidth} from '../../source/ui/fit-text.js';

const join = (segments: Array<{text: string}>) => segments.map(segment => segment.text).join('');

describe('fitSegments (titles cut before Ink sees them)', () => {
	test('text that fits is kept as it is', () => {
		const segments = [{text: ' 1 cam ', bold: true}, {text: 'live'}];
		assert.deepEqual(fitSegments(segments, 11), segments);
		assert.deepEqual(fitSegments(segments, 40), segments);
	});

	test('too wide: cut to width - 1 and an ellipsis, keeping the cut segment\'s style, dropping the rest', () => {
		const out = fitSegments([{text: ' 1 cam ', bold: true}, {text: 'live', color: 'green'}, {text: ' 15.0 fps'}], 10);
		assert.deepEqual(out, [{text: ' 1 cam ', bold: true}, {text: 'li…', color: 'green'}]);
		assert.equal(textWidth(join(out)), 10);
	});

	test('wide characters are never split and the result never exceeds the width', () => {
		for (let width = 1; width <= 14; width++) {
			const out = join(fitSegments([{text: ' 1 カメラ '}, {text: '表示 live'}], width));
			assert.ok(stringWidth(out) <= width, `${width}: ${out}`);
			assert.ok(stringWidth(out) >= width - 1, `${width}: ${out}`);
		}
	});

	test('textWidth measures as string-width does', () => {
		for (const text of ['plain', '1280×720 95kB/fr ⚠ 3 corrupt ↻2', 'カメラ', 'e\u0301', '● REC x.mjpg']) {
			assert.equal(textWidth(text), stringWidth(text), text);
		}
	});

	test('width 0 shows nothing', () => {
		assert.deepEqual(fitSegments([{text: 'abc'}], 0), []);
	});
});
