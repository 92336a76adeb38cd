import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {after, before} from 'node:test';
import {startDemoServer, type DemoCameraOptions, type DemoServer, type DemoServerOptions} from '../../source/demo/simulator.js';

export type DemoFixture = {
	/** The running demo server (from `before` on). */
	readonly server: DemoServer;
	/** A fresh temporary directory (from `before` on), removed with everything in it after the block. */
	readonly directory: string;
	/** The stream URL of the demo camera `name`. */
	urlOf(name: string): string;
};

/**
A demo server with `cameras` and a temporary directory (named from `prefix`) for the tests of
one describe block. Call it in the block's body: it registers the block's `before` (start) and
`after` (close, remove) hooks, ahead of any the block adds after it.
*/
export function demoFixture(prefix: string, cameras: DemoCameraOptions[], options?: DemoServerOptions): DemoFixture {
	let server: DemoServer | undefined;
	let directory = '';
	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), prefix));
		server = await startDemoServer(cameras, options);
	});
	after(async () => {
		await server?.close();
		await rm(directory, {recursive: true, force: true});
	});
	const running = (): DemoServer => {
		if (!server) {
			throw new Error('the demo server starts in before()');
		}

		return server;
	};

	return {
		get server() {
			return running();
		},
		get directory() {
			return directory;
		},
		urlOf: name => running().cameras.find(camera => camera.name === name)!.url,
	};
}
