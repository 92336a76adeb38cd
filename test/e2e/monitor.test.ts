import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {TmuxSession} from '../helpers/tmux.js';

const cli = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));
const tsx = import.meta.resolve('tsx');
/** Cells drawn with block characters; flat areas of a picture may also be coloured spaces. */
const pictureCells = (screen: string) => screen.split(/[▀▄█]/).length - 1;
/** Tile titles that say the camera is live, e.g. ` 2 garage live 10.0 fps 129 kB/s`. */
const liveTitles = (screen: string) => (screen.match(/\b\d \S+ live \d+\.\d fps/g) ?? []).length;
// eslint-disable-next-line no-control-regex -- counting the escape sequences tmux reports is the point
const truecolor = (screen: string) => screen.split(/\u001B\[[0-9;]*38;2;/).length - 1;

describe('camtop in a real terminal (tmux)', () => {
	let directory = '';
	let session: TmuxSession;

	before(async () => {
		// An empty working directory: no cameras.json, so camtop must fall back to its demo cameras.
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-e2e-'));
		const command = `node --import ${tsx} ${cli}; echo "camtop exited $?"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; sleep 60`;
		// tsx looks for tsconfig.json in the working directory; point it at the project's (automatic JSX runtime).
		const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
		session = new TmuxSession(command, {columns: 160, rows: 48, cwd: directory, env: {TERM: 'xterm-256color', COLORTERM: 'truecolor', TSX_TSCONFIG_PATH: tsconfig}});
	});

	after(async () => {
		session.kill();
		await rm(directory, {recursive: true, force: true});
	});

	test('shows four live demo cameras as coloured moving pictures', async () => {
		const screen = await session.waitFor(text => liveTitles(text) >= 4 && pictureCells(text) > 500, 'four live tiles');
		assert.match(screen, /demo cameras \(no cameras\.json here\)/);
		assert.equal(session.format('#{alternate_on}'), '1');
		const coloured = session.capture(true);
		assert.ok(truecolor(coloured) > 500, 'tiles are drawn with truecolor escapes');
		// The picture moves: a later screen differs from this one.
		await session.waitFor(text => text !== coloured, 'the pictures to change', 5000, true);
	});

	test('keys: help overlay, focus, grid', async () => {
		session.keys('?', true);
		await session.waitFor(text => text.includes('camtop keys') && text.includes('focus camera N'), 'help overlay');
		session.keys('?', true);
		await session.waitFor(text => !text.includes('camtop keys'), 'help closed');
		session.keys('2', true);
		const focus = await session.waitFor(text => text.includes('reconnects'), 'focus view with stats');
		assert.equal(liveTitles(focus), 1);
		session.keys('Tab');
		await session.waitFor(text => /\b3 \S+ live/.test(text) && text.includes('reconnects'), 'next camera in focus');
		session.keys('g', true);
		await session.waitFor(text => liveTitles(text) >= 4 && !text.includes('reconnects'), 'grid again');
	});

	test('a resize lays the tiles out again', async () => {
		session.resize(100, 30);
		await session.waitFor(text => {
			const lines = text.split('\n');
			return (lines[29] ?? '').includes('camtop') && liveTitles(text) >= 4;
		}, 'status line on the new bottom row');
		session.resize(160, 48);
		await session.waitFor(text => (text.split('\n')[47] ?? '').includes('camtop'), 'status line back at row 48');
	});

	test('q quits and restores the terminal', async () => {
		session.keys('q', true);
		// Wait for the stty line too: it is printed a moment after camtop's exit line.
		const screen = await session.waitFor(text => text.includes('camtop exited') && /icanon/.test(text), 'camtop to exit');
		assert.match(screen, /camtop exited 0/);
		assert.equal(session.format('#{alternate_on}'), '0');
		assert.equal(session.format('#{cursor_flag}'), '1');
		// stty -a: the line discipline is back to cooked mode with echo.
		assert.match(screen, /camtop exited 0\nicanon echo\s/);
		assert.doesNotMatch(screen, /[▀▄█]/);
	});
});
