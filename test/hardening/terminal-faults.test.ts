import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {TmuxSession} from '../helpers/tmux.js';
import {CLI, TSX, TMUX_ENV} from '../helpers/cli-paths.js';


const PASSWORD = 'hunter2-pw-SECRET';
const TOKEN = 'tok3n-SECRET';
const CONFIG_PASSWORD = 'cfg-pass-SECRET';
const secrets = [PASSWORD, TOKEN, CONFIG_PASSWORD];

/** What an injected sequence would leave in the raw output; camtop itself never writes these. */
const injected = [
	'\u001B]0;owned',
	'\u001B]52;',
	'\u001B]8;;http://evil',
	'\u009B31m',
	'\u00C2\u009B31m',
	'owned\u0007',
];

describe('hostile cameras in a real terminal (tmux): nothing injected, no secret shown', () => {
	let directory = '';
	let server: DemoServer;
	let session: TmuxSession;
	let raw = '';

	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-hostile-'));
		server = await startDemoServer([
			{name: 'healthy', width: 160, height: 120, fps: 10},
			...(['escape-headers', 'escape-reason', 'auth-basic', 'auth-digest', 'html-page', 'absurd-dimensions', 'garbage', 'stall'] as const)
				.map(kind => ({name: kind, width: 64, height: 48, fps: 10, fault: {kind}})),
		]);
		const base = server.url.replace('http://', '');
		const cameras = [
			{name: 'healthy', url: `${server.url}/healthy.mjpeg`},
			{name: 'esc-head', url: `${server.url}/escape-headers.mjpeg`},
			{name: 'esc-reason', url: `${server.url}/escape-reason.mjpeg?token=${TOKEN}`},
			{name: 'basic', url: `http://admin:${PASSWORD}@${base}/auth-basic.mjpeg?user=admin&pwd=${PASSWORD}`},
			{name: 'digest', url: `${server.url}/auth-digest.mjpeg`, username: 'admin', password: CONFIG_PASSWORD},
			{name: 'html', url: `${server.url}/html-page.mjpeg?auth=${TOKEN}`},
			{name: 'huge-dims', url: `${server.url}/absurd-dimensions.mjpeg`},
			{name: 'garbage', url: `${server.url}/garbage.mjpeg`},
			{name: 'stall', url: `${server.url}/stall.mjpeg`},
		];
		await writeFile(path.join(directory, 'cameras.json'), JSON.stringify({cameras}));
		// script(1) gives camtop a real pty and keeps a copy of every byte it wrote.
		const command = `script -qfec "node --import ${TSX} ${CLI}" ${path.join(directory, 'raw.log')}; echo "camtop exited $?"; sleep 60`;
		session = new TmuxSession(command, {columns: 160, rows: 48, cwd: directory, env: TMUX_ENV});
		await session.waitFor(screen => /healthy live/.test(screen) && /basic failed/.test(screen) && /digest failed/.test(screen) && /html failed/.test(screen), 'each tile in its state', 30_000);
		// The stats panel shows part headers, boundaries and errors: more outside text on screen.
		// (focus view: camera 2, whose part headers carry the escapes).
		session.keys('2');
		await session.waitFor(screen => !screen.includes('healthy live'), 'camera 2 in focus', 10_000);
		// Under a loaded test run a key can land before the app is ready for it: press again if need be.
		for (let attempt = 1; !/received/.test(session.capture()); attempt++) {
			session.keys('s');
			try {
				await session.waitFor(screen => /received/.test(screen) && /esc-head/.test(screen), 'the stats panel', 5000);
			} catch (error) {
				if (attempt >= 4) {
					throw error;
				}
			}
		}
		for (const camera of ['3', '4', '5', '6', '7', '8', '9']) {
			// The focus view's one title starts the screen. A key sent while the app is busy can
			// reach it in one read with the one before it and be taken as neither: press again.
			const focused = (screen: string) => screen.startsWith(` ${camera} `);
			for (let attempt = 1; !focused(session.capture()); attempt++) {
				session.keys(camera);
				try {
					await session.waitFor(focused, `camera ${camera} in focus`, 5000);
				} catch (error) {
					if (attempt >= 4) {
						throw error;
					}
				}
			}
		}

		session.keys('q');
		await session.waitFor(screen => screen.includes('camtop exited'), 'camtop to quit', 15_000);
		raw = await readFile(path.join(directory, 'raw.log'), 'latin1');
	});

	after(async () => {
		session.kill();
		await server.close();
		await rm(directory, {recursive: true, force: true});
	});

	test('camtop quit normally (no crash from any camera)', () => {
		assert.match(session.capture(), /camtop exited 0/);
	});

	test('the raw output holds no injected escape sequence', () => {
		assert.ok(raw.length > 10_000, 'the pictures were written');
		for (const sequence of injected) {
			assert.ok(!raw.includes(sequence), `found ${JSON.stringify(sequence)} in the output`);
		}
	});

	test('the raw output holds no secret, plain or percent-encoded', () => {
		for (const secret of secrets) {
			assert.ok(!raw.includes(secret), `found ${secret}`);
			assert.ok(!raw.includes(encodeURIComponent(secret)), `found ${secret} encoded`);
		}

		assert.ok(raw.includes('***'), 'the URLs were shown redacted');
	});

	test('every escape sequence in the output is one camtop writes itself: no OSC, no BEL, no C1', () => {
		// Strip what camtop writes: CSI (SGR, cursor moves, modes, the device queries) and its
		// one APC graphics query; nothing else may be left, least of all an ESC.
		// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
		const rest = raw.replaceAll(/\u001B\[[\d;?>]*[A-Za-z]|\u001B_[^\u001B]*\u001B\\/g, '');
		assert.ok(!rest.includes('\u001B'), `a stray ESC: ${JSON.stringify(rest.slice(rest.indexOf('\u001B'), rest.indexOf('\u001B') + 20))}`);
		assert.ok(!rest.includes('\u0007'), 'a BEL');
		assert.ok(!rest.includes('\u009B'), 'an 8-bit CSI');
	});
});
