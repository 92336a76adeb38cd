import {EventEmitter} from 'node:events';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Box} from 'ink';
import {render} from 'ink-testing-library';
import type {CameraDiagnostics, CameraSnapshot} from '../../source/camera/types.js';
import {App} from '../../source/ui/app.js';
import type {ScreenLayout} from '../../source/ui/layout.js';
import {MonitorStore} from '../../source/ui/monitor-store.js';
import {StatsPanel} from '../../source/ui/stats-panel.js';
import {compactStats, statsRows, uptimeMs} from '../../source/ui/stats-rows.js';
import {Tile} from '../../source/ui/tile.js';
import {cameraSnapshot} from '../helpers/camera-snapshot.js';
import {until} from '../helpers/until.js';

const diagnostics: CameraDiagnostics = {
	goodFrames: 1200,
	corruptFrames: 3,
	lastCorruption: 'is cut off: no EOI marker at the end',
	framesWithTrailingBytes: 0,
	frameSize: {min: 14_500, avg: 15_020, max: 15_600},
	jpeg: {width: 640, height: 360, process: 'progressive', coding: 'huffman', hierarchical: false, components: 3, subsampling: '4:2:0'},
	resolutionChanges: 0,
	declaredBoundary: '--my\u001B[31mboundary',
	seenBoundary: '--my\u001B[31mboundary',
	partHeaderNames: ['content-type', 'x-evil\u009B2J'],
	partsWithLength: 1203,
	lengthErrors: [{delta: -2, parts: 7}],
	contentLengthMismatches: 7,
	partsWithoutLength: 0,
	skippedBytes: 4100,
	resyncs: 2,
	nonJpegParts: 0,
	oversizedFrames: 0,
	oversizedHeaders: 0,
	timestampedFrames: 1203,
	latencyMs: {min: 40, avg: 71.4, max: 90},
	timestampJitter: {meanMs: 66.7, deviationMs: 2, percent: 3},
	arrivalJitter: {meanMs: 66.7, deviationMs: 26.7, percent: 40},
};

const rich = (overrides: Partial<CameraSnapshot> = {}): CameraSnapshot => cameraSnapshot(0, {
	name: 'lobby',
	since: 10_000,
	startedAt: 0,
	pastLiveMs: 20_000,
	reconnects: 2,
	diagnostics,
	drawn: {rendered: 850, dropped: 12},
	capture: {recording: {path: 'lobby-20261121-070512.mjpg', frames: 120, bytes: 1_800_000, since: 0}, notice: undefined},
	...overrides,
});

class FakeTerminal extends EventEmitter {
	columns = 120;
	rows = 50;
}


describe('stats panel', () => {
	test('shows every figure of the issue, camera text sanitized', () => {
		const rows = new Map(statsRows(rich(), 60_000).map(row => [row.label, row]));
		assert.equal(rows.get('fps')?.value, '15.0 fps (avg 14.9)');
		assert.equal(rows.get('rate')?.value, '250 kB/s');
		assert.deepEqual(rows.get('frames'), {label: 'frames', value: '1200 good, 3 corrupt', tone: 'bad'});
		assert.equal(rows.get('size kB')?.value, '14.5 / 15.0 / 15.6');
		assert.equal(rows.get('picture')?.value, '640×360 4:2:0');
		assert.deepEqual(rows.get('jpeg'), {label: 'jpeg', value: 'progressive', tone: 'bad'});
		assert.equal(rows.get('type')?.value, 'multipart/x-mixed-replace; boundary=x');
		assert.equal(rows.get('boundary')?.value, '--my\\x1b[31mboundary');
		assert.deepEqual(rows.get(' in body'), {label: ' in body', value: '--my\\x1b[31mboundary', tone: 'bad'});
		assert.equal(rows.get('headers')?.value, 'content-type x-evil\\x9b2J');
		assert.equal(rows.get('C-Length')?.value, '7 wrong, 0 missing');
		assert.equal(rows.get('skipped')?.value, '4.1 kB, 2 resyncs');
		assert.equal(rows.get('latency')?.value, '71 ms (X-Timestamp)');
		assert.equal(rows.get('jitter')?.value, '40% (camera 3%)');
		assert.equal(rows.get('reconnects')?.value, '2');
		// Live 20 s before and 50 s now, of 60 s watched.
		assert.equal(uptimeMs(rich(), 60_000), 70_000);
		assert.equal(rows.get('drawn')?.value, '850 (12 dropped)');
		assert.equal(rows.get('● REC')?.value, 'lobby-20261121-070512.mjpg 120 fr 1.8 MB');
	});

	test('renders in its box with the state, reason, notice and last error', () => {
		const camera = rich({
			state: 'reconnecting',
			reason: 'stream broke\u0007',
			lastError: {code: 'ERR_STREAM', message: 'reset\u001B[2J'},
			capture: {recording: undefined, notice: {text: 'saved lobby.jpg (15.0 kB)', error: false}},
		});
		const app = render(<Box width={40} height={40}><StatsPanel rect={{x: 0, y: 0, width: 40, height: 40}} camera={camera} now={70_000}/></Box>);
		const frame = app.lastFrame() ?? '';
		assert.match(frame, /reconnecting for 1m00s/);
		assert.match(frame, /stream broke\\x07/);
		assert.match(frame, /frames {5}1200 good, 3 corrupt/);
		assert.match(frame, /saved lobby\.jpg \(15\.0 kB\)/);
		assert.match(frame, /ERR_STREAM: reset\\x1b\[2J/);
		// eslint-disable-next-line no-control-regex -- no raw control character may reach the terminal
		assert.doesNotMatch(frame.replaceAll(/\u001B\[[\d;]*m/g, ''), /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
		app.unmount();
	});

	test('a grid tile title carries the compact figures and the recording', () => {
		assert.equal(compactStats(rich()), '640×360 15.0kB/fr ⚠ 3 corrupt, 7 bad length, 2 resyncs ↻2');
		assert.equal(compactStats(cameraSnapshot(0)), '');
		const app = render(<Box width={150} height={1}><Tile title={{x: 0, y: 0, width: 150, height: 1}} placeholder={undefined} camera={rich()} selected={false}/></Box>);
		assert.match(app.lastFrame() ?? '', / 1 lobby live 15\.0 fps 250 kB\/s ● REC lobby-20261121-070512\.mjpg 640×360 15\.0kB\/fr ⚠ 3 corrupt/);
		app.unmount();
	});

	test('s hides and shows the panel in the focus view; c and R reach the app', async () => {
		const cameras = [rich(), cameraSnapshot(1)];
		const store = new MonitorStore(cameras.map(camera => ({snapshot: () => camera})), {stats: () => ({mode: 'truecolor', fpsCap: 15, fps: 15, renderedPerSecond: 1, outputBytesPerSecond: 1, dropped: 0})}, 10);
		const layouts: ScreenLayout[] = [];
		const captures: Array<[string, number]> = [];
		const app = render(<App store={store} terminal={new FakeTerminal()} origin="test" onLayout={layout => layouts.push(layout)} onQuit={() => undefined} onCapture={(kind, index) => captures.push([kind, index])} now={() => 60_000}/>);
		app.stdin.write('1');
		await until(() => layouts.at(-1)?.stats !== undefined, 'focus view with the panel');
		assert.match(app.lastFrame() ?? '', /reconnects\s+2/);
		const wide = layouts.at(-1)!.tiles[0]!.video.width;
		app.stdin.write('s');
		await until(() => layouts.at(-1)?.stats === undefined, 'panel hidden');
		assert.ok(layouts.at(-1)!.tiles[0]!.video.width > wide, 'the picture takes the room');
		assert.doesNotMatch(app.lastFrame() ?? '', /reconnects/);
		app.stdin.write('s');
		await until(() => layouts.at(-1)?.stats !== undefined, 'panel back');
		app.stdin.write('c');
		app.stdin.write('R');
		await until(() => captures.length === 2, 'capture requests');
		assert.deepEqual(captures, [['save-frame', 0], ['toggle-record', 0]]);
		app.unmount();
	});
});
