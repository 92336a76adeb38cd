/*
`camtop --demo-faults` in a real terminal: the four healthy demo cameras next to one camera
per fault mode, all in one camtop. For every fault at once, the issue's four checks: the
state each tile shows, the healthy cameras' frame rates, camtop's memory (RSS from /proc),
and the raw terminal output (script(1) keeps every byte) holding no injected sequence.
Secrets are checked with configured credentials in terminal-faults.test.ts.
*/
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {defaultDemoCameras} from '../../source/demo/demo-cameras.js';
import {demoFaults, injectedSequences, type DemoFault} from '../../source/demo/faults.js';
import {descendantNamed, rssMb} from '../helpers/proc.js';
import {TmuxSession} from '../helpers/tmux.js';
import {CLI, TSX, TMUX_ENV} from '../helpers/cli-paths.js';

/** camtop's RSS never goes above this (soak: 205–291 MB with 16 cameras under tsx; here 21 cameras and the simulator in the same process). */
const RSS_LIMIT_MB = 480;

/** The state each fault's tile must show at some point (docs: readme, "Hostile cameras and bad days"). */
const expected: Record<DemoFault, string> = {
	stall: 'stalled',
	'reset-mid-frame': 'reconnecting',
	'huge-length': 'stalled',
	'endless-part': 'stalled',
	garbage: 'failed',
	'wrong-boundary': 'live',
	'html-page': 'failed',
	'auth-basic': 'failed',
	'auth-digest': 'failed',
	'retry-after': 'reconnecting',
	'slow-headers': 'reconnecting',
	'header-flood': 'reconnecting',
	'escape-headers': 'live',
	'escape-reason': 'reconnecting',
	'frame-flood': 'live',
	bursty: 'live',
	'absurd-dimensions': 'live',
};

// eslint-disable-next-line no-control-regex -- removing SGR sequences is the point
const plain = (screen: string) => screen.replaceAll(/\u001B\[[\d;]*m/g, '');

describe('camtop --demo-faults in a real terminal (tmux): every fault at once', {timeout: 180_000}, () => {
	let directory = '';
	let session: TmuxSession;
	const seen = new Map<DemoFault, string>();
	/** fps shown in the healthy tiles' titles, per camera, sampled once every fault showed its state. */
	const healthyFps = new Map<string, number[]>();
	let peakRss = 0;
	let raw = '';

	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-demo-faults-'));
		const command = `script -qfec "node --import ${TSX} ${CLI} --demo-faults" ${path.join(directory, 'raw.log')}; echo "camtop exited $?"; sleep 60`;
		session = new TmuxSession(command, {columns: 200, rows: 60, cwd: directory, env: TMUX_ENV});
		await session.waitFor(screen => screen.includes('21 cameras'), 'the monitor with 21 cameras', 30_000);
		const camtop = descendantNamed(Number(session.format('#{pane_pid}')), 'camtop');
		assert.ok(camtop, 'camtop runs under script');
		const sample = (screen: string): boolean => {
			peakRss = Math.max(peakRss, rssMb(camtop));
			for (const kind of demoFaults) {
				const state = new RegExp(`\\b\\d+ fault-${kind} (\\w+)`).exec(screen)?.[1];
				if (state === expected[kind]) {
					seen.set(kind, state);
				}
			}

			return seen.size === demoFaults.length;
		};

		// The slowest: slow-headers (10 s response timeout) and the stalls (10 s watchdog).
		await session.waitFor(screen => sample(plain(screen)), 'every fault tile in its state', 60_000).catch(() => undefined);
		// Then the healthy cameras' rates, over a few seconds of everything running.
		const until = Date.now() + 5000;
		await session.waitFor(screen => {
			sample(plain(screen));
			for (const {name} of defaultDemoCameras) {
				const fps = new RegExp(`\\b\\d+ ${name} live (\\d+\\.\\d) fps`).exec(plain(screen))?.[1];
				if (fps !== undefined) {
					healthyFps.set(name, [...(healthyFps.get(name) ?? []), Number(fps)]);
				}
			}

			return Date.now() > until;
		}, 'samples of the healthy tiles', 10_000);
		session.keys('q', true);
		await session.waitFor(screen => screen.includes('camtop exited'), 'camtop to quit', 20_000);
		raw = await readFile(path.join(directory, 'raw.log'), 'latin1');
	});

	after(async () => {
		session.kill();
		await rm(directory, {recursive: true, force: true});
	});

	test('camtop quit normally: no fault crashed it', () => {
		assert.match(session.capture(), /camtop exited 0/);
	});

	for (const kind of demoFaults) {
		test(`${kind}: the tile shows ${expected[kind]}`, () => {
			assert.equal(seen.get(kind), expected[kind], `fault-${kind} never showed ${expected[kind]}`);
		});
	}

	test('the healthy cameras kept their frame rate next to every fault', () => {
		for (const {name, fps} of defaultDemoCameras) {
			const samples = (healthyFps.get(name) ?? []).toSorted((a, b) => a - b);
			assert.ok(samples.length >= 5, `${name}: ${samples.length} samples`);
			const median = samples[Math.floor(samples.length / 2)]!;
			// The simulator runs in the same process on a shared 2-core machine: allow for its own lag.
			assert.ok(median >= fps * 0.7, `${name}: median ${median} fps of ${fps} (${samples.join(' ')})`);
		}
	});

	test(`camtop's memory stayed bounded (RSS under ${RSS_LIMIT_MB} MB)`, t => {
		t.diagnostic(`peak RSS ${Math.round(peakRss)} MB`);
		assert.ok(peakRss > 0);
		assert.ok(peakRss < RSS_LIMIT_MB, `peak RSS ${Math.round(peakRss)} MB`);
	});

	test('the raw terminal output holds no injected sequence: every escape is one camtop writes', () => {
		assert.ok(raw.length > 100_000, 'the pictures were written');
		// The OSC and 8-bit CSI ones, which camtop never writes (it does clear the screen and move
		// the cursor itself: those CSI forms are covered by the check below that every ESC starts
		// a sequence of camtop's own kinds).
		for (const sequence of injectedSequences.filter(text => text.includes(']') || text.includes('\u009B'))) {
			// As the terminal would get them: as sent, and as UTF-8 (0x9B is U+009B in a JS string).
			for (const form of [sequence, Buffer.from(sequence, 'utf8').toString('latin1')]) {
				assert.ok(!raw.includes(form), `found ${JSON.stringify(form)}`);
			}
		}

		// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
		const rest = raw.replaceAll(/\u001B\[[\d;?>]*[A-Za-z]|\u001B_[^\u001B]*\u001B\\/g, '');
		assert.ok(!rest.includes('\u001B'), `a stray ESC: ${JSON.stringify(rest.slice(rest.indexOf('\u001B'), rest.indexOf('\u001B') + 20))}`);
		assert.ok(!rest.includes('\u0007'), 'a BEL');
		assert.ok(!rest.includes('\u009B'), 'an 8-bit CSI');
	});
});
