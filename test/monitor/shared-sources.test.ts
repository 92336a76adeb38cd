import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {describe, test} from 'node:test';
import {makeFeedFrames, startFeedServer} from '../../bench/scale-feed.js';
import {runMonitor, type MonitorParts} from '../../source/monitor.js';
import {renamedCamera, shareSources, sourceKey} from '../../source/shared-sources.js';
import {cameraSnapshot} from '../helpers/camera-snapshot.js';
import {until} from '../helpers/until.js';

/** A terminal that takes every write. */
class FakeTerminal extends EventEmitter {
	readonly columns = 120;
	readonly rows = 40;
	readonly isTTY = true;
	write(): boolean {
		return true;
	}
}

describe('identical sources share one connection', () => {
	test('sources compare by every option but the name, in any key order', () => {
		assert.equal(sourceKey({name: 'a', url: 'http://x/', insecure: true}), sourceKey({insecure: true, url: 'http://x/', name: 'b'}));
		assert.notEqual(sourceKey({name: 'a', url: 'http://x/'}), sourceKey({name: 'a', url: 'http://x/', username: 'u'}));
		assert.deepEqual(shareSources([
			{name: 'a', url: 'http://x/'},
			{name: 'b', url: 'http://x/'},
			{name: 'c', url: 'http://x/', loop: true},
			{name: 'd', url: 'http://y/'},
			{name: 'e', url: 'http://x/', loop: true},
		]), [0, 0, 2, 3, 2]);
	});

	test('a shared camera shows under each tile\'s own index and name, the same object until it changes', () => {
		let snapshot = cameraSnapshot(0);
		const view = renamedCamera({snapshot: () => snapshot}, 3, 'door (copy)');
		const first = view.snapshot();
		assert.equal(first.index, 3);
		assert.equal(first.name, 'door (copy)');
		assert.equal(first.fps, snapshot.fps);
		assert.equal(view.snapshot(), first);
		snapshot = cameraSnapshot(0, {fps: 3});
		assert.equal(view.snapshot().fps, 3);
		assert.notEqual(view.snapshot(), first);
	});

	test('the monitor opens one stream for two tiles of the same URL, and both tiles draw', async () => {
		const frames = await makeFeedFrames({width: 64, height: 36, count: 3});
		const server = await startFeedServer({cameras: 2, fps: 20, frames});
		const keyboard = Object.assign(new PassThrough(), {isTTY: true, setRawMode() {}, ref() {}, unref() {}});
		let parts: MonitorParts | undefined;
		const running = runMonitor({
			cameras: [{name: 'front', url: server.urls[0]!}, {name: 'front-again', url: server.urls[0]!}, {name: 'back', url: server.urls[1]!}],
			origin: 'test',
			fps: 15,
			mode: 'truecolor',
			stdout: new FakeTerminal() as unknown as NodeJS.WriteStream,
			stdin: keyboard as unknown as NodeJS.ReadStream,
			instrument: {
				onStart(started) {
					parts = started;
				},
			},
		});
		try {
			await until(() => parts !== undefined && ['0', '1', '2'].every(id => (parts!.loop.tileStats(id)?.rendered ?? 0) > 0), 'all three tiles drawn', 20_000);
			assert.equal(parts!.cameras.length, 2, 'one Camera per distinct source');
			assert.equal(server.counters(0).streams, 1, 'one connection for the two tiles of the same URL');
			assert.equal(server.counters(1).streams, 1);
		} finally {
			parts?.quit();
			await running;
			keyboard.end();
			await server.close();
		}
	});
});
