import {EventEmitter} from 'node:events';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {detectTerminal} from '../../source/render/detect.js';
import {envHints} from '../../source/render/terminal-env.js';
import {QUERY, parseReplies} from '../../source/render/terminal-query.js';

const TIMEOUT = 150;
const KITTY_REPLY = '\u001B[6;20;10t\u001B_Gi=31;OK\u001B\\\u001BP>|kitty(0.35.2)\u001B\\\u001B[?62;22;52c';
const XTERM_REPLY = '\u001B[6;13;6t\u001B[4;624;960t\u001BP>|XTerm(379)\u001B\\\u001B[?63;1;2;4;6;9;15;16;22;28c';

type Behaviour = 'answers' | 'late' | 'garbage' | 'never' | 'byte-by-byte';

/**
A terminal on the other end of stdin/stdout: when the query arrives it answers at once,
after the wait is over, with garbage, byte by byte, or never.
*/
class FakeTerminal {
	readonly input = Object.assign(new EventEmitter(), {
		isTTY: true,
		rawMode: false,
		flowing: false,
		setRawMode(mode: boolean) {
			this.rawMode = mode;
		},
		pause() {
			this.flowing = false;
		},
		resume() {
			this.flowing = true;
		},
	});

	readonly output = {isTTY: true, written: '', write: (data: string) => this.#received(data)};
	lateReplySent: Promise<void> | undefined;
	readonly #behaviour: Behaviour;
	readonly #reply: string;

	constructor(behaviour: Behaviour, reply = KITTY_REPLY) {
		this.#behaviour = behaviour;
		this.#reply = reply;
	}

	#send(text: string): void {
		this.input.emit('data', Buffer.from(text, 'latin1'));
	}

	#received(data: string): boolean {
		this.output.written += data;
		switch (this.#behaviour) {
			case 'answers': {
				setImmediate(() => {
					this.#send(this.#reply);
				});
				break;
			}

			case 'late': {
				this.lateReplySent = new Promise(resolve => {
					setTimeout(() => {
						this.#send(this.#reply);
						resolve();
					}, TIMEOUT * 3);
				});
				break;
			}

			case 'garbage': {
				setImmediate(() => {
					this.#send('\u001B[?6\u0000\u00FFxyz\u001B[6;a;bt\u001B_Gi=31;NO\u001B\\junk 4c');
				});
				break;
			}

			case 'byte-by-byte': {
				const bytes = [...this.#reply];
				const next = (): void => {
					const byte = bytes.shift();
					if (byte !== undefined) {
						this.#send(byte);
						setImmediate(next);
					}
				};

				setImmediate(next);
				break;
			}

			case 'never': {
				break;
			}
		}

		return true;
	}
}

async function detect(terminal: FakeTerminal, env: Record<string, string> = {TERM: 'xterm-256color'}, mode?: 'auto' | 'sixel' | '16') {
	return detectTerminal({mode, env, input: terminal.input, output: terminal.output, size: {columns: 160, rows: 48}, timeoutMs: TIMEOUT, tmuxPassthrough: async () => Promise.resolve(false), tmuxRgb: async () => Promise.resolve(false)});
}

describe('terminal detection', () => {
	test('a terminal that answers: kitty graphics, cell size, XTVERSION; one batched query ended by DA1', async () => {
		const terminal = new FakeTerminal('answers');
		const info = await detect(terminal);
		assert.equal(terminal.output.written, QUERY);
		assert.ok(QUERY.endsWith('\u001B[c'));
		assert.equal(info.mode, 'kitty');
		assert.deepEqual(info.modes, ['kitty', 'truecolor', '256', '16', 'ascii']);
		assert.deepEqual(info.cellSize, {width: 10, height: 20});
		assert.equal(info.cellSizeReported, true);
		assert.equal(info.replies?.version, 'kitty(0.35.2)');
		assert.equal(terminal.input.rawMode, true, 'raw mode stays on: nothing the terminal sends is echoed');
		assert.equal(terminal.input.listenerCount('data'), 0);
		assert.equal(terminal.input.flowing, false);
	});

	test('sixel is DA1 attribute 4 exactly', async () => {
		const info = await detect(new FakeTerminal('answers', XTERM_REPLY));
		assert.equal(info.mode, 'sixel');
		assert.deepEqual(info.cellSize, {width: 6, height: 13});
		assert.equal(parseReplies('\u001B[?62;14;24c', 80, 24).sixel, false);
		assert.equal(parseReplies('\u001B[?62;4c', 80, 24).sixel, true);
		assert.equal(parseReplies('\u001B[?4;62c', 80, 24).sixel, true);
	});

	test('replies split into single bytes are still read', async () => {
		const info = await detect(new FakeTerminal('byte-by-byte', XTERM_REPLY));
		assert.equal(info.mode, 'sixel');
		assert.equal(info.replies?.answered, true);
	});

	test('a terminal that never answers: start-up goes on after the bounded wait, from the environment', async () => {
		const terminal = new FakeTerminal('never');
		const info = await detect(terminal, {TERM: 'xterm-256color', COLORTERM: 'truecolor'});
		assert.equal(info.mode, 'truecolor');
		assert.equal(info.replies?.answered, false);
		assert.match(info.reason, /did not answer/);
		assert.deepEqual(info.cellSize, {width: 8, height: 16}, 'the default cell size');
		assert.equal(terminal.input.listenerCount('data'), 0);
	});

	test('a late answer changes nothing and is not read as ours', async () => {
		const terminal = new FakeTerminal('late');
		const info = await detect(terminal);
		assert.equal(info.mode, '256');
		assert.equal(info.replies?.answered, false);
		await terminal.lateReplySent;
		assert.equal(terminal.input.listenerCount('data'), 0, 'the reply goes to whoever reads stdin next, in raw mode (no echo)');
		assert.equal(terminal.input.rawMode, true);
	});

	test('garbage is ignored', async () => {
		const info = await detect(new FakeTerminal('garbage'), {TERM: 'xterm'});
		assert.equal(info.mode, '16');
		assert.equal(info.replies?.kitty, false);
		assert.equal(info.replies?.sixel, false);
		assert.equal(info.replies?.cellSize, undefined);
	});

	test('--mode always wins; it still learns the cell size', async () => {
		const info = await detect(new FakeTerminal('answers'), {TERM: 'xterm-256color'}, 'sixel');
		assert.equal(info.mode, 'sixel');
		assert.equal(info.modes[0], 'sixel');
		assert.deepEqual(info.cellSize, {width: 10, height: 20});
		assert.equal(info.reason, '--mode');
	});

	test('not a TTY: no query at all, a text mode', async () => {
		const terminal = new FakeTerminal('answers');
		terminal.input.isTTY = false;
		const info = await detect(terminal, {TERM: 'xterm-256color', KITTY_WINDOW_ID: '1'});
		assert.equal(terminal.output.written, '');
		assert.equal(info.mode, 'truecolor');
		assert.equal(info.reason, 'not a TTY');
	});

	test('NO_COLOR and TERM=dumb: ascii, no query', async () => {
		for (const env of [{TERM: 'xterm-256color', NO_COLOR: '1'}, {TERM: 'dumb'}] as Array<Record<string, string>>) {
			const terminal = new FakeTerminal('answers');
			const info = await detect(terminal, env);
			assert.equal(info.mode, 'ascii');
			assert.equal(terminal.output.written, '');
		}
	});

	test('inside tmux: text blocks even when the outer terminal is kitty, unless passthrough is on', async () => {
		const env = {TERM: 'tmux-256color', TMUX: '/tmp/tmux-0/default,1,0', KITTY_WINDOW_ID: '3'};
		const inside = await detect(new FakeTerminal('answers'), env);
		assert.equal(inside.mode, 'truecolor');
		assert.equal(inside.inTmux, true);
		const passthrough = await detectTerminal({env, input: new FakeTerminal('answers').input, output: new FakeTerminal('answers').output, size: {columns: 80, rows: 24}, timeoutMs: TIMEOUT, tmuxPassthrough: async () => Promise.resolve(true)});
		assert.equal(passthrough.tmuxPassthrough, true);
		assert.equal(passthrough.mode, 'kitty');
	});

	test('inside tmux without COLORTERM: truecolor when tmux says its client has RGB, else 256', async () => {
		const env = {TERM: 'tmux-256color', TMUX: '/tmp/tmux-0/default,1,0'};
		const ask = async (rgb: boolean) => detectTerminal({env, input: new FakeTerminal('never').input, output: new FakeTerminal('never').output, size: {columns: 80, rows: 24}, timeoutMs: TIMEOUT, tmuxPassthrough: async () => Promise.resolve(false), tmuxRgb: async () => Promise.resolve(rgb)});
		const withRgb = await ask(true);
		assert.equal(withRgb.mode, 'truecolor');
		assert.match(withRgb.reason, /^tmux client RGB/);
		const without = await ask(false);
		assert.equal(without.mode, '256');
		// Not asked when the environment already says 24-bit colour.
		let asked = false;
		const truecolor = await detectTerminal({env: {...env, COLORTERM: 'truecolor'}, input: new FakeTerminal('never').input, output: new FakeTerminal('never').output, size: {columns: 80, rows: 24}, timeoutMs: TIMEOUT, tmuxPassthrough: async () => Promise.resolve(false), tmuxRgb: async () => {
			asked = true;
			return Promise.resolve(false);
		}});
		assert.equal(truecolor.mode, 'truecolor');
		assert.equal(asked, false);
	});
});

describe('environment hints', () => {
	const cases: Array<[Record<string, string>, string, string | undefined]> = [
		[{TERM: 'xterm-256color', COLORTERM: 'truecolor'}, 'truecolor', undefined],
		[{TERM: 'xterm-256color', COLORTERM: '24bit'}, 'truecolor', undefined],
		[{TERM: 'xterm-256color'}, '256', undefined],
		[{TERM: 'xterm'}, '16', undefined],
		[{TERM: 'dumb'}, 'ascii', undefined],
		[{TERM: 'xterm-256color', NO_COLOR: '1'}, 'ascii', undefined],
		[{TERM: 'xterm-256color', NO_COLOR: ''}, '256', undefined],
		[{TERM: 'xterm-kitty'}, 'truecolor', 'kitty'],
		[{TERM: 'xterm-256color', KITTY_WINDOW_ID: '1'}, 'truecolor', 'kitty'],
		[{TERM: 'xterm-256color', TERM_PROGRAM: 'iTerm.app'}, 'truecolor', 'iterm2'],
		[{TERM: 'xterm-256color', LC_TERMINAL: 'iTerm2'}, 'truecolor', 'iterm2'],
		[{TERM: 'xterm-256color', TERM_PROGRAM: 'WezTerm'}, 'truecolor', 'iterm2'],
		[{TERM: 'mlterm'}, '16', 'sixel'],
		[{TERM: 'foot'}, '16', 'sixel'],
	];
	for (const [env, depth, image] of cases) {
		test(JSON.stringify(env), () => {
			const hints = envHints(env);
			assert.equal(hints.depth, depth);
			assert.equal(hints.image, image);
		});
	}
});
