import {test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {frameAsText} from '../../source/commands/print-frame.js';

test('snapshot --print: truecolor half-blocks sized to the terminal, keeping the aspect ratio', async () => {
	const jpeg = await sharp({create: {width: 320, height: 180, channels: 3, background: {r: 200, g: 40, b: 90}}}).jpeg({quality: 95}).toBuffer();
	const text = await frameAsText(jpeg, 320, 180, {columns: 80, rows: 50, colour: true});
	const lines = text.trimEnd().split('\n');
	// 80 columns wide; 320×180 is 16:9, so 45 pixel rows: 23 cells of two rows each (rounded).
	assert.equal(lines.length, 23);
	for (const line of lines) {
		assert.equal(line.split('▀').length - 1, 80);
		assert.ok(line.endsWith('\u001B[0m'), 'each line resets its colours');
	}

	const colours = [...lines[10]!.matchAll(/38;2;(\d+);(\d+);(\d+);48;2;(\d+);(\d+);(\d+)m/g)].map(match => match.slice(1).map(Number));
	assert.ok(colours.every(values => Math.abs(values[0]! - 200) < 8 && Math.abs(values[1]! - 40) < 8 && Math.abs(values[2]! - 90) < 8), 'the picture\'s colour');
	const narrow = await frameAsText(jpeg, 320, 180, {columns: 200, rows: 10, colour: false});
	const rows = narrow.trimEnd().split('\n');
	assert.ok(rows.length <= 9, 'fits the terminal\'s rows');
	assert.ok(rows[0]!.length <= 200);
});
