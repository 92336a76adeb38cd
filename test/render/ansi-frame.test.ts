import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import stringWidth from 'string-width';
import {parseAnsiFrame} from '../../source/render/ansi-frame.js';
import {
	BOLD, CellGrid, DIM, INVERSE, ITALIC, STRIKE, UNDERLINE, rgb,
} from '../../source/render/cell-grid.js';

const ESC = '\u001B';

function parse(text: string, width = 20, height = 4): CellGrid {
	const grid = new CellGrid(width, height);
	parseAnsiFrame(text, grid);
	return grid;
}

function cell(grid: CellGrid, x: number, y: number): {char: string; fg: number; bg: number; attrs: number} {
	const index = (y * grid.width) + x;
	return {char: grid.chars[index]!, fg: grid.fg[index]!, bg: grid.bg[index]!, attrs: grid.attrs[index]!};
}

function assertPrintable(grid: CellGrid): void {
	for (const char of grid.chars) {
		// eslint-disable-next-line no-control-regex
		assert.doesNotMatch(char, /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/, `cell holds ${JSON.stringify(char)}`);
	}
}

describe('parseAnsiFrame', () => {
	test('plain rows, blanks elsewhere', () => {
		const grid = parse('ab\ncd');
		assert.equal(grid.rowText(0), 'ab' + ' '.repeat(18));
		assert.equal(grid.rowText(1), 'cd' + ' '.repeat(18));
		assert.equal(grid.rowText(2), ' '.repeat(20));
		assert.deepEqual(cell(grid, 5, 3), {char: ' ', fg: -1, bg: -1, attrs: 0});
	});

	test('16-colour, 256-colour and truecolor foreground and background', () => {
		const grid = parse(`${ESC}[31ma${ESC}[92mb${ESC}[44mc${ESC}[105md${ESC}[38;5;200;48;5;17me${ESC}[38;2;1;2;3;48;2;250;251;252mf${ESC}[39mg${ESC}[49mh`);
		assert.deepEqual(cell(grid, 0, 0), {char: 'a', fg: 1, bg: -1, attrs: 0});
		assert.deepEqual(cell(grid, 1, 0), {char: 'b', fg: 10, bg: -1, attrs: 0});
		assert.deepEqual(cell(grid, 2, 0), {char: 'c', fg: 10, bg: 4, attrs: 0});
		assert.deepEqual(cell(grid, 3, 0), {char: 'd', fg: 10, bg: 13, attrs: 0});
		assert.deepEqual(cell(grid, 4, 0), {char: 'e', fg: 200, bg: 17, attrs: 0});
		assert.deepEqual(cell(grid, 5, 0), {char: 'f', fg: rgb(1, 2, 3), bg: rgb(250, 251, 252), attrs: 0});
		assert.deepEqual(cell(grid, 6, 0), {char: 'g', fg: -1, bg: rgb(250, 251, 252), attrs: 0});
		assert.deepEqual(cell(grid, 7, 0), {char: 'h', fg: -1, bg: -1, attrs: 0});
	});

	test('colon forms of extended colours', () => {
		const grid = parse(`${ESC}[38:2::9:8:7ma${ESC}[48:5:33mb`);
		assert.equal(cell(grid, 0, 0).fg, rgb(9, 8, 7));
		assert.equal(cell(grid, 1, 0).bg, 33);
	});

	test('attributes on and off, reset', () => {
		const grid = parse(`${ESC}[1;2;3;4;7;9ma${ESC}[22mb${ESC}[23;24mc${ESC}[27;29md${ESC}[1;31me${ESC}[0mf${ESC}[2mg${ESC}[mh`);
		assert.equal(cell(grid, 0, 0).attrs, BOLD | DIM | ITALIC | UNDERLINE | INVERSE | STRIKE);
		assert.equal(cell(grid, 1, 0).attrs, ITALIC | UNDERLINE | INVERSE | STRIKE);
		assert.equal(cell(grid, 2, 0).attrs, INVERSE | STRIKE);
		assert.equal(cell(grid, 3, 0).attrs, 0);
		assert.deepEqual(cell(grid, 4, 0), {char: 'e', fg: 1, bg: -1, attrs: BOLD});
		assert.deepEqual(cell(grid, 5, 0), {char: 'f', fg: -1, bg: -1, attrs: 0});
		assert.equal(cell(grid, 6, 0).attrs, DIM);
		assert.equal(cell(grid, 7, 0).attrs, 0);
	});

	test('the pen carries across rows, as on a terminal', () => {
		const grid = parse(`${ESC}[32mx\ny`);
		assert.equal(cell(grid, 0, 1).fg, 2);
	});

	test('wide characters take two cells; one that does not fit leaves a blank', () => {
		const grid = parse(`a字b🎥c\n${'x'.repeat(19)}字`, 20, 2);
		assert.deepEqual(grid.chars.slice(0, 7), ['a', '字', '', 'b', '🎥', '', 'c']);
		assert.equal(grid.chars[20 + 19], ' ');
		const narrow = parse('éa\u0301', 4, 1);
		assert.deepEqual(narrow.chars, ['é', 'a\u0301', ' ', ' ']);
	});

	test('long rows are clipped and extra rows ignored', () => {
		const grid = parse('abcdefgh\n1\n2\n3', 4, 2);
		assert.equal(grid.rowText(0), 'abcd');
		assert.equal(grid.rowText(1), '1   ');
	});

	test('injected escapes and controls never reach the grid', () => {
		const hostile = [
			`a${ESC}]0;pwned${'\u0007'}b`,
			`c${ESC}]8;;http://x${ESC}\\d${ESC}]8;;${ESC}\\`,
			`e${ESC}[2Jf${ESC}[10;10Hg${ESC}[?1049lh`,
			`i\u009B31mj\u009D0;t\u009Ck`,
			`l\u007Fm\rn\u0000o\u0008p\u0085q`,
			`r${ESC}Ps\u0007t${ESC}7u${ESC}(Bv`,
			`w\u202Ex\u200By\u2028z`,
			`${ESC}[1;3`,
		].join('\n');
		const grid = parse(hostile, 20, 8);
		assertPrintable(grid);
		assert.equal(grid.rowText(0).trimEnd(), 'ab');
		assert.equal(grid.rowText(1).trimEnd(), 'cd');
		assert.equal(grid.rowText(2).trimEnd(), 'efgh');
		assert.equal(grid.rowText(3).trimEnd(), 'ijk');
		assert.equal(grid.rowText(4).trimEnd(), 'lmnopq');
		assert.equal(grid.rowText(5).trimEnd(), 'rtuv');
		assert.equal(grid.rowText(6).trimEnd(), 'wxy z');
		assert.equal(grid.rowText(7).trimEnd(), '');
	});

	test('an unterminated OSC stops at the end of its row', () => {
		const grid = parse(`a${ESC}]0;title\nb`, 4, 2);
		assert.equal(grid.rowText(0), 'a   ');
		assert.equal(grid.rowText(1), 'b   ');
	});

	test('the fast paths place text exactly as grapheme segmentation does', () => {
		const alphabet = ['a', ' ', '─', '│', '▀', 'é', '\u0301', '字', '한', '\u1100', '\u1161', '🎥', '\u200D', '\uFE0F', '©', '\u00AD', '°', 'ｱ', '\u0915', '\u094D', '\u0937'];
		const segmenter = new Intl.Segmenter();
		let seed = 11;
		for (let round = 0; round < 500; round++) {
			let text = '';
			for (let index = 0; index < 12; index++) {
				seed = ((seed * 1_103_515_245) + 12_345) % 2_147_483_648;
				text += alphabet[(seed >> 8) % alphabet.length]!;
			}

			const expected: string[] = [];
			for (const {segment} of segmenter.segment(text)) {
				const width = stringWidth(segment);
				if (width === 1) {
					expected.push(segment);
				} else if (width === 2) {
					expected.push(segment, '');
				} else if (width > 2) {
					expected.push('?', ...Array.from({length: width - 1}, () => ' '));
				}
			}

			const grid = parse(text, 40, 1);
			assert.deepEqual(grid.chars.slice(0, expected.length), expected, JSON.stringify(text));
			assert.ok(grid.chars.slice(expected.length).every(char => char === ' '));
		}
	});

	test('random input never puts a control character in the grid', () => {
		let seed = 7;
		const next = (): number => {
			seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
			return seed;
		};

		const alphabet = ['\u001B', '[', ']', '\u0007', '\u009B', '\u009C', '\\', ';', '3', '8', '2', 'm', 'H', 'a', '字', '\n', '\r', '\u007F', 'P', '\u0301'];
		for (let round = 0; round < 300; round++) {
			let text = '';
			const length = next() % 80;
			for (let index = 0; index < length; index++) {
				text += alphabet[next() % alphabet.length]!;
			}

			assertPrintable(parse(text, 10, 4));
		}
	});
});
