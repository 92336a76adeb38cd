import {render} from 'ink';
import {Camera} from './camera/camera.js';
import type {CameraConfig} from './camera/types.js';
import {MonitorCapture} from './commands/capture.js';
import {MonitorCamera} from './commands/monitor-cameras.js';
import {stopAllChildren} from './ingest/ffmpeg-children.js';
import {Compositor} from './render/compositor.js';
import {RenderLoop, type RenderLoopOptions} from './render/render-loop.js';
import {watchStale} from './render/stale-dim.js';
import {detectTerminal} from './render/detect.js';
import {wrapForTmux} from './render/tmux-wrap.js';
import type {RenderMode} from './render/render-mode.js';
import {enterScreen, installRestoreHandlers, leaveScreen} from './render/terminal.js';
import {VirtualStdout} from './render/virtual-stdout.js';
import {App} from './ui/app.js';
import {expandFrame, type ChromeRows} from './ui/chrome-rows.js';
import {renamedCamera, shareSources} from './shared-sources.js';
import type {ScreenLayout} from './ui/layout.js';
import {MonitorStore, type RenderStats} from './ui/monitor-store.js';
import {obtainMinorGc, YoungCollector} from './memory/young-gc.js';
import type {CaptureKind, RenderChange} from './ui/ui-reducer.js';

export type MonitorOptions = {
	readonly cameras: readonly CameraConfig[];
	/** Where the cameras came from, for the status line. */
	readonly origin: string;
	/** Render fps cap. */
	readonly fps: number;
	/** `--mode`: a render mode, or 'auto' (default) to detect one. */
	readonly mode?: RenderMode | 'auto';
	/** `--max-rate`: output budget in bytes per second. */
	readonly maxRate?: number;
	readonly env?: Readonly<Record<string, string | undefined>>;
	readonly stdout?: NodeJS.WriteStream;
	readonly stdin?: NodeJS.ReadStream;
	/** Runs after the terminal is restored (e.g. stop the demo server). */
	readonly onExit?: () => Promise<void> | void;
	/** For benchmarks (bench/scale.ts): a decoder to wrap, and the parts once running. */
	readonly instrument?: MonitorInstrument;
};

export type MonitorParts = {
	/** One Camera per distinct source (identical sources share one). */
	readonly cameras: readonly Camera[];
	readonly compositor: Compositor;
	readonly loop: RenderLoop;
	/** Where Ink renders the chrome (`frameCount`: Ink renders so far). */
	readonly chrome: VirtualStdout;
	/** Quit as the `q` key does. */
	readonly quit: () => void;
};

export type MonitorInstrument = {
	readonly decode?: RenderLoopOptions['decode'];
	readonly onStart?: (parts: MonitorParts) => void;
};

/**
The full-screen monitor. Ink renders the chrome into a virtual stdout; the compositor
owns the real terminal and merges that chrome with the video cells the render loop
paints (see docs/architecture.md). Resolves once the user quits and everything is closed.
*/
export async function runMonitor(options: MonitorOptions): Promise<void> {
	const stdout = options.stdout ?? process.stdout;
	const stdin = options.stdin ?? process.stdin;
	const size = () => ({columns: stdout.columns || 80, rows: stdout.rows || 24});

	// Detection runs on the alternate screen, so anything a terminal prints for a query it
	// does not know is wiped by the first repaint.
	enterScreen(stdout);
	let terminal: Awaited<ReturnType<typeof detectTerminal>>;
	try {
		terminal = await detectTerminal({mode: options.mode, env: options.env ?? process.env, input: stdin, output: stdout, size: size()});
	} catch (error) {
		leaveScreen(stdout);
		throw error;
	}

	// Identical sources share one Camera, one connection (shared-sources.ts).
	const owners = shareSources(options.cameras);
	const owned: Camera[] = [];
	const cameras = options.cameras.map((config, index) => {
		const owner = owners[index]!;
		if (owner === index) {
			const camera = new Camera(index, config);
			owned.push(camera);
			return camera;
		}

		return owned.find(camera => camera.index === owner)!;
	});
	// Keys `c` and `R`: frames and recordings go to the current directory.
	const capture = new MonitorCapture(cameras);
	const drained = {flush: () => undefined as void};
	const compositor = new Compositor(stdout, size().columns, size().rows, {
		onDrain: () => {
			drained.flush();
		},
		...(terminal.tmuxPassthrough ? {wrapImage: wrapForTmux} : {}),
	});
	const loop = new RenderLoop({sink: compositor, fps: options.fps, mode: terminal.mode, cellSize: terminal.cellSize, maxRate: options.maxRate, ...(options.instrument?.decode ? {decode: options.instrument.decode} : {})});
	// After a write that did not fit has drained, send the newest picture at once.
	drained.flush = () => {
		loop.requestFlush();
	};

	const renderLoop = loop;
	const onRender = (change: RenderChange) => {
		if (change === 'cycle-mode') {
			const {modes} = terminal;
			renderLoop.setMode(modes[(modes.indexOf(renderLoop.stats().chosenMode) + 1) % modes.length]!);
		} else {
			renderLoop.setFps(renderLoop.fps + (change === 'faster' ? 1 : -1));
		}

		store.refresh();
	};

	const renderStats = {
		stats(): RenderStats {
			const stats = renderLoop.stats();
			return {
				mode: stats.mode === stats.chosenMode ? stats.mode : `${stats.mode} (budget)`,
				fpsCap: stats.fpsCap,
				fps: stats.fps,
				renderedPerSecond: Math.round(stats.renderedPerSecond),
				outputBytesPerSecond: Math.round(stats.outputBytesPerSecond / 1000) * 1000,
				dropped: stats.dropped,
			};
		},
	};
	const store = new MonitorStore(cameras.map((camera, index) => new MonitorCamera(camera.index === index ? camera : renamedCamera(camera, index, options.cameras[index]!.name), () => capture.status(index), () => renderLoop.tileStats(String(index)))), renderStats);
	const onCapture = (kind: CaptureKind, index: number) => {
		if (kind === 'save-frame') {
			capture.saveFrame(index);
		} else {
			capture.toggleRecord(index);
		}

		store.refresh();
	};

	const chrome = new VirtualStdout(size().columns);
	// Ink renders only the rows that hold chrome (ui/chrome-rows.ts): its frame and the rows
	// of the same commit arrive one after the other (frame, then onLayout); the compositor
	// parses the expanded frame at the next flush, after both.
	let chromeFrame = '';
	let chromeLayout: ChromeRows | undefined;
	// Set once quitting: Ink's last frame (written by unmount) must not cause a flush after the terminal is restored.
	let closing = false;
	const showChrome = () => {
		if (chromeLayout && !closing) {
			compositor.setChrome(expandFrame(chromeFrame, chromeLayout));
			loop.requestFlush();
		}
	};

	chrome.on('frame', (frame: string) => {
		chromeFrame = frame;
		showChrome();
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
		for (const camera of owned) {
			camera.stop();
		}

		// Synchronous, so a recording is whole and flushed even when a signal exits right after.
		capture.closeAll();
		leaveScreen(stdout);
		if (stdin.isTTY) {
			stdin.setRawMode(false);
		}
	};

	// On a signal or a crash, wait for the ffmpeg children (SIGKILL after 1 s) so camtop reaps them itself.
	const uninstall = installRestoreHandlers(restore, {beforeExit: async () => stopAllChildren(1000)});

	const onLayout = (layout: ScreenLayout, rows: ChromeRows) => {
		chromeLayout = rows;
		showChrome();
		compositor.setOverlays([...layout.overlays]);
		loop.setTiles(layout.tiles.flatMap(tile => {
			const camera = cameras[tile.index];
			return camera ? [{id: String(tile.index), rect: tile.video, source: camera}] : [];
		}));
	};

	const ink = render(
		<App store={store} terminal={stdout} origin={options.origin} onLayout={onLayout} onQuit={quit} onReconnect={index => cameras[index]?.reconnect()} onRender={onRender} onCapture={onCapture}/>,
		{stdout: chrome as unknown as NodeJS.WriteStream, stdin, debug: true, patchConsole: false, exitOnCtrlC: false},
	);

	for (const [index, camera] of cameras.entries()) {
		// A stalled or reconnecting camera's last picture is drawn dimmed (issue 6), in each of its tiles.
		watchStale(camera, transform => {
			loop.setTransform(String(index), transform);
		});
	}

	// Dead frame buffers are freed early by a young collection every 4 MB of frames (memory/young-gc.ts);
	// run from setImmediate so the chunk and frames of the handler that counted them are already dead.
	const minorGc = obtainMinorGc();
	const young = minorGc ? new YoungCollector({collect() {
		setImmediate(minorGc);
	}}) : undefined;
	for (const camera of owned) {
		// Decode a new frame when it arrives, not at the next timer tick (latency).
		camera.onFrame(frame => {
			loop.frameArrived();
			young?.add(frame.data.length);
		});
		camera.start();
	}

	loop.start();
	options.instrument?.onStart?.({cameras: owned, compositor, loop, chrome, quit});
	await quitting;
	closing = true;
	ink.unmount();
	restore();
	uninstall();
	stdin.pause();
	await options.onExit?.();
}
