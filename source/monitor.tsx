import {render} from 'ink';
import {Camera} from './camera/camera.js';
import type {CameraConfig} from './camera/types.js';
import {Compositor} from './render/compositor.js';
import {RenderLoop} from './render/render-loop.js';
import {enterScreen, installRestoreHandlers, leaveScreen} from './render/terminal.js';
import {VirtualStdout} from './render/virtual-stdout.js';
import {App} from './ui/app.js';
import type {ScreenLayout} from './ui/layout.js';
import {MonitorStore, type RenderStats} from './ui/monitor-store.js';

export type MonitorOptions = {
	readonly cameras: readonly CameraConfig[];
	/** Where the cameras came from, for the status line. */
	readonly origin: string;
	/** Render fps cap. */
	readonly fps: number;
	readonly stdout?: NodeJS.WriteStream;
	readonly stdin?: NodeJS.ReadStream;
	/** Runs after the terminal is restored (e.g. stop the demo server). */
	readonly onExit?: () => Promise<void> | void;
};

/** The name of the only render mode so far; the status line shows it. */
const RENDER_MODE = 'truecolor';

/**
The full-screen monitor. Ink renders the chrome into a virtual stdout; the compositor
owns the real terminal and merges that chrome with the video cells the render loop
paints (see docs/architecture.md). Resolves once the user quits and everything is closed.
*/
export async function runMonitor(options: MonitorOptions): Promise<void> {
	const stdout = options.stdout ?? process.stdout;
	const stdin = options.stdin ?? process.stdin;
	const size = () => ({columns: stdout.columns || 80, rows: stdout.rows || 24});

	const cameras = options.cameras.map((config, index) => new Camera(index, config));
	const compositor = new Compositor(stdout, size().columns, size().rows);
	const loop = new RenderLoop({sink: compositor, fps: options.fps});
	const renderStats = {
		stats(): RenderStats {
			const stats = loop.stats();
			return {
				mode: RENDER_MODE,
				fpsCap: stats.fpsCap,
				renderedPerSecond: Math.round(stats.renderedPerSecond),
				outputBytesPerSecond: Math.round(stats.outputBytesPerSecond / 1000) * 1000,
				dropped: stats.dropped,
			};
		},
	};
	const store = new MonitorStore(cameras, renderStats);
	const chrome = new VirtualStdout(size().columns);
	chrome.on('frame', (frame: string) => {
		compositor.setChrome(frame);
		loop.requestFlush();
	});

	// Registered before Ink mounts, so the compositor knows the new size before the
	// re-render that the same resize event causes reaches it.
	const onResize = () => {
		const {columns, rows} = size();
		compositor.resize(columns, rows);
		chrome.setColumns(columns);
		loop.requestFlush();
	};

	stdout.on('resize', onResize);

	let quit: () => void = () => undefined;
	const quitting = new Promise<void>(resolve => {
		quit = resolve;
	});

	let restored = false;
	const restore = () => {
		if (restored) {
			return;
		}

		restored = true;
		loop.stop();
		stdout.off('resize', onResize);
		for (const camera of cameras) {
			camera.stop();
		}

		leaveScreen(stdout);
		if (stdin.isTTY) {
			stdin.setRawMode(false);
		}
	};

	const uninstall = installRestoreHandlers(restore);
	enterScreen(stdout);

	const onLayout = (layout: ScreenLayout) => {
		compositor.setOverlays([...layout.overlays]);
		loop.setTiles(layout.tiles.flatMap(tile => {
			const camera = cameras[tile.index];
			return camera ? [{id: String(tile.index), rect: tile.video, source: camera}] : [];
		}));
	};

	const ink = render(
		<App store={store} terminal={stdout} origin={options.origin} onLayout={onLayout} onQuit={quit} onReconnect={index => cameras[index]?.reconnect()}/>,
		{stdout: chrome as unknown as NodeJS.WriteStream, stdin, debug: true, patchConsole: false, exitOnCtrlC: false},
	);

	for (const camera of cameras) {
		camera.start();
	}

	loop.start();
	await quitting;
	ink.unmount();
	restore();
	uninstall();
	stdin.pause();
	await options.onExit?.();
}
