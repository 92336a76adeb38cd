import {EventEmitter} from 'node:events';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {render} from 'ink-testing-library';
import {App} from '../../source/ui/app.js';
import {expandFrame, type ChromeRows} from '../../source/ui/chrome-rows.js';
import type {ScreenLayout} from '../../source/ui/layout.js';
import {MonitorStore, type RenderStats} from '../../source/ui/monitor-store.js';
import type {CameraSnapshot} from '../../source/camera/types.js';
import {cameraSnapshot} from '../helpers/camera-snapshot.js';
import {until} from '../helpers/until.js';

class FakeTerminal extends EventEmitter {
	columns: number;
	rows: number;

	constructor(columns: number, rows: number) {
		super();
		this.columns = columns;
		this.rows = rows;
	}

	resize(columns: number, rows: number) {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

const renderStats: RenderStats = {mode: 'truecolor', fpsCap: 15, renderedPerSecond: 60, outputBytesPerSecond: 120_000, dropped: 3};


function setup(cameras: CameraSnapshot[], columns = 100, rows = 30) {
	const snapshots = {cameras};
	const store = new MonitorStore(cameras.map((_, index) => ({snapshot: () => snapshots.cameras[index]!})), {stats: () => renderStats}, 10);
	const terminal = new FakeTerminal(columns, rows);
	const layouts: ScreenLayout[] = [];
	const chromes: ChromeRows[] = [];
	let quits = 0;
	const reconnects: number[] = [];
	const app = render(<App store={store} terminal={terminal} origin="test cameras" onLayout={(layout, rows) => {
		layouts.push(layout);
		chromes.push(rows);
	}} onQuit={() => quits++} onReconnect={index => reconnects.push(index)} now={() => 60_000}/>);
	/** Ink's frame put back at screen rows, as the monitor gives it to the compositor. */
	const screen = () => expandFrame(app.lastFrame() ?? '', chromes.at(-1)!);
	return {app, terminal, layouts, chromes, screen, quits: () => quits, reconnects, snapshots, store};
}

describe('App', () => {
	test('draws a titled tile per camera and the status line', () => {
		const {app, layouts} = setup([0, 1, 2, 3].map(index => cameraSnapshot(index)));
		const frame = app.lastFrame() ?? '';
		for (const name of ['1 cam1', '2 cam2', '3 cam3', '4 cam4']) {
			assert.ok(frame.includes(name), `missing ${name} in\n${frame}`);
		}

		assert.match(frame, /live 15\.0 fps 250 kB\/s/);
		assert.match(frame, /test cameras │ 4 cameras │ truecolor/);
		assert.match(frame, /dropped 3/);
		assert.equal(layouts.at(-1)!.tiles.length, 4);
		app.unmount();
	});

	test('titles sit exactly where the layout says the tiles are', () => {
		const {app, layouts, screen} = setup([0, 1, 2, 3].map(index => cameraSnapshot(index)));
		const lines = screen().split('\n');
		assert.equal(lines.length, 30);
		assert.match(lines[29] ?? '', /camtop/, 'status line on the last row');
		for (const tile of layouts.at(-1)!.tiles) {
			const line = lines[tile.title.y] ?? '';
			assert.equal(line.slice(tile.title.x, tile.title.x + 6), ` ${tile.index + 1} cam`, `tile ${tile.index} title at ${tile.title.x},${tile.title.y}`);
		}

		app.unmount();
	});

	test('keys switch views, open help, and quit', async () => {
		const {app, layouts, quits, reconnects} = setup([0, 1, 2].map(index => cameraSnapshot(index)));
		app.stdin.write('2');
		await until(() => layouts.at(-1)!.tiles.length === 1, 'focus view');
		assert.equal(layouts.at(-1)!.tiles[0]!.index, 1);
		app.stdin.write('r');
		await until(() => reconnects.length === 1, 'reconnect');
		assert.deepEqual(reconnects, [1]);
		assert.match(app.lastFrame() ?? '', /reconnects\s+0/);
		app.stdin.write('g');
		await until(() => layouts.at(-1)!.tiles.length === 3, 'grid view');
		app.stdin.write('?');
		await until(() => layouts.at(-1)!.overlays.length === 1, 'help overlay');
		assert.match(app.lastFrame() ?? '', /camtop keys/);
		assert.match(app.lastFrame() ?? '', /focus camera N/);
		app.stdin.write('?');
		await until(() => layouts.at(-1)!.overlays.length === 0, 'help closed');
		app.stdin.write('q');
		await until(() => quits() === 1, 'quit');
		app.unmount();
	});

	test('keys that arrive in one read are each pressed, in order', async () => {
		const {app, layouts, reconnects} = setup([0, 1, 2].map(index => cameraSnapshot(index)));
		app.stdin.write('3r');
		await until(() => reconnects.length === 1, 'reconnect of the focused camera');
		assert.deepEqual(reconnects, [2]);
		assert.equal(layouts.at(-1)!.tiles.length, 1);
		assert.equal(layouts.at(-1)!.tiles[0]!.index, 2);
		app.unmount();
	});

	test('a resize lays the tiles out again at once', async () => {
		const {app, layouts, terminal} = setup([0, 1].map(index => cameraSnapshot(index)), 100, 30);
		terminal.resize(60, 40);
		await until(() => layouts.at(-1)!.columns === 60, 'new layout');
		assert.equal(layouts.at(-1)!.rows, 40);
		app.unmount();
	});

	test('a camera with no picture says why, with its text sanitized', () => {
		const {app} = setup([cameraSnapshot(0, {
			name: 'evil\u001B[2Jcam',
			state: 'reconnecting',
			frames: 0,
			reason: 'ERR_CONNECT: connection refused\u0007',
		})]);
		const frame = app.lastFrame() ?? '';
		assert.match(frame, /reconnecting/);
		assert.match(frame, /connection refused\\x07/);
		assert.match(frame, /evil\\x1b\[2Jcam/);
		assert.ok(!frame.includes('\u001B[2J'));
		app.unmount();
	});

	test('a camera with no picture yet shows its placeholder inside its video area on screen', () => {
		const {app, layouts, screen} = setup([cameraSnapshot(0), cameraSnapshot(1, {state: 'connecting', frames: 0})]);
		const lines = screen().split('\n');
		const video = layouts.at(-1)!.tiles[1]!.video;
		const row = lines.findIndex(line => line.includes('connecting…'));
		assert.ok(row >= video.y && row < video.y + video.height, `placeholder row ${row} in ${video.y}..${video.y + video.height - 1}`);
		assert.ok(lines[row]!.indexOf('connecting…') >= video.x);
		app.unmount();
	});

	test('memoized titles: a change to one camera redraws its title, the others keep theirs', async () => {
		const {app, snapshots, store, screen} = setup([0, 1, 2, 3].map(index => cameraSnapshot(index)));
		// New snapshots for every camera (as on every frame), a new number for camera 3 only.
		snapshots.cameras = [0, 1, 2, 3].map(index => cameraSnapshot(index, index === 2 ? {fps: 7.5, bytesPerSecond: 120_000} : {}));
		store.refresh();
		await until(() => screen().includes('3 cam3 live 7.5 fps 120 kB/s'), 'camera 3 updated');
		for (const name of ['1 cam1', '2 cam2', '4 cam4']) {
			assert.ok(screen().includes(`${name} live 15.0 fps 250 kB/s`), name);
		}

		app.unmount();
	});

	test('the store publishes new camera numbers to the UI', async () => {
		const {app, snapshots, store} = setup([cameraSnapshot(0)]);
		snapshots.cameras = [cameraSnapshot(0, {fps: 7})];
		store.refresh();
		await until(() => (app.lastFrame() ?? '').includes('7.0 fps'), 'updated fps');
		app.unmount();
	});
});
