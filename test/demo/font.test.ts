import assert from 'node:assert/strict';
import {test} from 'node:test';
import {drawText, glyphHeight, glyphWidth, textWidth} from '../../source/demo/font.js';

function bitmap(character: string): string {
	const raster = {width: glyphWidth, height: glyphHeight, pixels: new Uint8Array(glyphWidth * glyphHeight * 3)};
	drawText(raster, character, 0, 0, 1, [255, 255, 255]);
	let rows = '';
	for (let index = 0; index < raster.pixels.length; index += 3) {
		rows += raster.pixels[index] === 255 ? '#' : '.';
	}

	return rows;
}

test('every character the pictures need has its own glyph', () => {
	const needed = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ:.#-_/~?';
	const fallback = bitmap('\u0001');
	const seen = new Map<string, string>();
	for (const character of needed) {
		const drawn = bitmap(character);
		assert.ok(drawn.includes('#'), `${character} draws something`);
		if (character !== '?') {
			assert.notEqual(drawn, fallback, `${character} is not the fallback glyph`);
		}

		assert.equal(seen.get(drawn), undefined, `${character} looks like ${seen.get(drawn)}`);
		seen.set(drawn, character);
	}

	assert.equal(bitmap('a'), bitmap('A'), 'lower case uses the upper-case glyphs');
	assert.equal(bitmap(' '), '.'.repeat(glyphWidth * glyphHeight));
});

test('text is scaled into blocks and clipped at the raster edge', () => {
	const scale = 3;
	const width = textWidth('1:', scale);
	assert.equal(width, ((2 * (glyphWidth + 1)) - 1) * scale);
	const raster = {width: width - 4, height: glyphHeight * scale, pixels: new Uint8Array((width - 4) * glyphHeight * scale * 3)};
	drawText(raster, '1:', 0, 0, scale, [10, 20, 30]);
	// The top row of "1" is 00100: one 3×3 block starting at column 6.
	assert.deepEqual([...raster.pixels.subarray(0, 9 * 3)].filter((_, index) => index % 3 === 0), [0, 0, 0, 0, 0, 0, 10, 10, 10]);
});
