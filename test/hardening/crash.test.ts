import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {fileURLToPath} from 'node:url';
import {TmuxSession} from '../helpers/tmux.js';
import {TSX, TMUX_ENV} from '../helpers/cli-paths.js';

const script = fileURLToPath(new URL('crash-monitor.ts', import.meta.url));

describe('the terminal is restored when the monitor crashes (tmux)', () => {
	let session: TmuxSession;
	let screen = '';

	before(async () => {
		const command = `node --import ${TSX} ${script} 20; echo "monitor exited $?"; stty -a | tr ' ' '\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '; sleep 60`;
		session = new TmuxSession(command, {columns: 120, rows: 40, env: TMUX_ENV});
		// The picture was up before the crash.
		await session.waitFor(text => text.includes('crashcam live') && text.includes('▀'), 'the monitor to show the camera', 20_000);
		screen = await session.waitFor(text => text.includes('monitor exited') && /icanon/.test(text), 'the crash and the stty line', 20_000);
	});

	after(() => {
		session.kill();
	});

	test('exits 1 and prints the error on the normal screen', () => {
		assert.match(screen, /boom inside the monitor/);
		assert.match(screen, /monitor exited 1/);
		assert.equal(session.format('#{alternate_on}'), '0');
	});

	test('cursor shown, cooked mode with echo, no picture left behind', () => {
		assert.equal(session.format('#{cursor_flag}'), '1');
		assert.match(screen, /icanon echo\s/);
		assert.ok(!screen.includes('▀'), 'no half-block left on the normal screen');
	});

	test('no colour left on: text printed after the crash is plain', () => {
		const coloured = session.capture(true);
		const lastLine = coloured.trimEnd().split('\n').at(-1) ?? '';
		// eslint-disable-next-line no-control-regex -- looking for SGR is the point
		assert.doesNotMatch(lastLine, /\u001B\[[\d;]*m/);
	});
});
