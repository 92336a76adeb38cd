import {fork} from 'node:child_process';
import {monitorEventLoopDelay, performance} from 'node:perf_hooks';
import process from 'node:process';
import {runMonitor, type MonitorParts} from '../source/monitor.js';
import {downsample} from '../source/render/downsample.js';
import {FakeTerminal, fakeKeyboard, sibling, startSimulator} from './scale-harness.js';

/*
The wall of cameras: a child process (bench/scale-sim.ts) serves N cameras of 1280×720 at
15 fps, replaying a loop of JPEGs encoded once (bench/scale-feed.ts), so the cameras cost
next to nothing and keep their rate (the demo simulator, which encodes every frame, could
not on 2 cores); the real monitor (runMonitor:
Camera, RenderLoop, Compositor, Ink chrome) draws them into a fake 160×48 terminal.
Latency is taken in-process: a frame's arrival (Camera.onFrame, after its last byte was
split out) to the write that carried its tile's cells (Compositor.flush returned).
*/

const percentile = (sorted: readonly number[], p: number) => sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;

export type ScaleResult = {
	cameras: number;
	seconds: number;
	tileFpsMin: number;
	tileFpsMedian: number;
	cpuCores: number;
	simCpuCores: number;
	rssMaxMb: number;
	/** Mean of the RSS samples (every 250 ms) while measuring. */
	rssMeanMb: number;
	/** RSS before the simulator and the monitor started (modules loaded): the floor. */
	rssStartMb: number;
	/** V8 heap and memory outside it (Buffers, libvips) when RSS peaked. */
	heapMb: number;
	externalMb: number;
	/** Ink renders (chrome frames) per second. */
	chromePerSecond: number;
	/** Share of the wall time the main thread was busy (eventLoopUtilization). */
	mainThreadBusy: number;
	/** Frames arriving per camera per second (what the simulator managed to send). */
	inFps: number;
	lagP50: number;
	lagP99: number;
	lagMax: number;
	latencyP50: number;
	latencyP99: number;
	latencyCount: number;
	keyP50: number;
	keyP99: number;
	keyMax: number;
	keyCount: number;
	received: number;
	sent: number;
	dropped: number;
	decoded: number;
	outputKBps: number;
};

/** Run the monitor against `cameras` simulated cameras for `seconds` after every tile has drawn once. */
export async function runScale(cameras: number, seconds: number): Promise<ScaleResult> {
	const rssStart = process.memoryUsage.rss();
	const sim = await startSimulator(cameras);
	const terminal = new FakeTerminal();
	const keyboard = fakeKeyboard();
	const arrival = new WeakMap<Uint8Array, number>();
	/** Per tile: the arrival time of the frame in its decode, then of the frame in its picture set but not yet written. */
	const decoding = new Map<string, number>();
	const painted = new Map<string, number>();
	const latencies: number[] = [];
	let measuring = false;
	let decoded = 0;
	const instrumentDecode: typeof downsample = async (jpeg, width, height) => {
		const at = arrival.get(jpeg);
		const index = tileOf.get(jpeg);
		if (at !== undefined && index !== undefined) {
			decoding.set(index, at);
		}

		if (measuring) {
			decoded++;
		}

		return downsample(jpeg, width, height);
	};

	const tileOf = new WeakMap<Uint8Array, string>();
	let parts: MonitorParts | undefined;
	let chromeAt: number | undefined;
	const started = new Promise<MonitorParts>(resolve => {
		void runMonitor({
			cameras: sim.urls.map((url, index) => ({name: `cam${index}`, url})),
			origin: 'bench',
			fps: 15,
			mode: 'truecolor',
			stdout: terminal as unknown as NodeJS.WriteStream,
			stdin: keyboard as unknown as NodeJS.ReadStream,
			instrument: {
				decode: instrumentDecode,
				onStart(running) {
					parts = running;
					resolve(running);
				},
			},
		});
	});
	const running = await started;
	const {cameras: cams, compositor, loop} = running;
	// Older trees (A/B runs against a worktree) do not expose the chrome: NaN there.
	const inkFrames = () => (running as {chrome?: {frameCount: number}}).chrome?.frameCount ?? Number.NaN;
	let received = 0;
	for (const camera of cams) {
		const id = String(camera.index);
		camera.onFrame(frame => {
			arrival.set(frame.data, performance.now());
			tileOf.set(frame.data, id);
			if (measuring) {
				received++;
			}
		});
	}

	const setVideo = compositor.setVideo.bind(compositor);
	compositor.setVideo = (id, rect, draw) => {
		const at = decoding.get(id);
		if (at !== undefined) {
			painted.set(id, at);
		}

		setVideo(id, rect, draw);
	};

	const setChrome = compositor.setChrome.bind(compositor);
	compositor.setChrome = frame => {
		chromeAt ??= performance.now();
		setChrome(frame);
	};

	const keyTimes: number[] = [];
	let keySentAt: number | undefined;
	const flush = compositor.flush.bind(compositor);
	compositor.flush = () => {
		const bytes = flush();
		if (bytes > 0) {
			const now = performance.now();
			if (measuring) {
				for (const at of painted.values()) {
					latencies.push(now - at);
				}
			}

			painted.clear();
			if (keySentAt !== undefined && chromeAt !== undefined && chromeAt >= keySentAt) {
				keyTimes.push(now - keySentAt);
				keySentAt = undefined;
			}
		}

		return bytes;
	};

	// Warm up: every tile has drawn at least once (bounded).
	const ids = cams.map(camera => String(camera.index));
	const warmDeadline = performance.now() + 15_000;
	while (performance.now() < warmDeadline && !ids.every(id => (loop.tileStats(id)?.rendered ?? 0) > 0)) {
		await new Promise(resolve => setTimeout(resolve, 100));
	}

	const lag = monitorEventLoopDelay({resolution: 5});
	const renderedAtStart = ids.map(id => loop.tileStats(id)?.rendered ?? 0);
	const droppedAtStart = loop.stats().dropped;
	const simStart = await sim.stats();
	const bytesAtStart = terminal.bytes;
	const chromeAtStart = inkFrames();
	const cpuStart = process.cpuUsage();
	const wallStart = performance.now();
	const eluStart = performance.eventLoopUtilization();
	let rssMax = process.memoryUsage.rss();
	let rssSum = 0;
	let rssSamples = 0;
	let heap = 0;
	let external = 0;
	measuring = true;
	lag.enable();
	const end = wallStart + (seconds * 1000);
	let toggles = 0;
	while (performance.now() < end) {
		await new Promise(resolve => setTimeout(resolve, 250));
		const memory = process.memoryUsage();
		rssSum += memory.rss;
		rssSamples++;
		if (memory.rss >= rssMax) {
			rssMax = memory.rss;
			heap = memory.heapUsed;
			external = memory.external;
		}

		// A key every half second (help on, help off): time until the chrome it changed is written.
		if (toggles++ % 2 === 0 && keySentAt === undefined) {
			chromeAt = undefined;
			keySentAt = performance.now();
			keyboard.write('?');
		}
	}

	lag.disable();
	measuring = false;
	const wall = (performance.now() - wallStart) / 1000;
	const elu = performance.eventLoopUtilization(eluStart);
	const cpu = process.cpuUsage(cpuStart);
	const simEnd = await sim.stats();
	const tileFps = ids.map((id, index) => ((loop.tileStats(id)?.rendered ?? 0) - renderedAtStart[index]!) / wall).sort((a, b) => a - b);
	const dropped = loop.stats().dropped - droppedAtStart;
	const outputKBps = (terminal.bytes - bytesAtStart) / wall / 1000;
	parts?.quit();
	keyboard.end();
	await sim.close();
	latencies.sort((a, b) => a - b);
	keyTimes.sort((a, b) => a - b);
	const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
	return {
		cameras,
		seconds: wall,
		tileFpsMin: tileFps[0] ?? 0,
		tileFpsMedian: percentile(tileFps, 0.5),
		cpuCores: (cpu.user + cpu.system) / 1e6 / wall,
		simCpuCores: (simEnd.cpuMs - simStart.cpuMs) / 1000 / wall,
		rssMaxMb: rssMax / 1e6,
		rssMeanMb: rssSamples === 0 ? Number.NaN : rssSum / rssSamples / 1e6,
		rssStartMb: rssStart / 1e6,
		heapMb: heap / 1e6,
		externalMb: external / 1e6,
		mainThreadBusy: elu.utilization,
		chromePerSecond: (inkFrames() - chromeAtStart) / wall,
		inFps: received / cameras / wall,
		lagP50: lag.percentile(50) / 1e6,
		lagP99: lag.percentile(99) / 1e6,
		lagMax: lag.max / 1e6,
		latencyP50: percentile(latencies, 0.5),
		latencyP99: percentile(latencies, 0.99),
		latencyCount: latencies.length,
		keyP50: percentile(keyTimes, 0.5),
		keyP99: percentile(keyTimes, 0.99),
		keyMax: keyTimes.at(-1) ?? Number.NaN,
		keyCount: keyTimes.length,
		received,
		sent: sum(simEnd.frames) - sum(simStart.frames),
		dropped,
		decoded,
		outputKBps,
	};
}

const f = (value: number, digits = 1) => value.toFixed(digits);

/** One case in a fresh process (bench/scale-run.ts): RSS figures of its own, not of the benches run before. */
async function runCaseInChild(cameras: number, seconds: number, runner: {path: string; execArgv: string[]}): Promise<ScaleResult> {
	const child = fork(runner.path, [String(cameras), String(seconds)], {
		execArgv: runner.execArgv,
		// Ink may print warnings to stderr; the child's stdout is the fake terminal's business only.
		stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
	});
	return new Promise<ScaleResult>((resolve, reject) => {
		child.once('message', message => {
			resolve(message as ScaleResult);
		});
		child.once('exit', code => {
			reject(new Error(`scale case ${cameras} cameras exited (${code}) without a result`));
		});
	});
}

export async function runScaleBench(quick: boolean): Promise<void> {
	// As installed: dist/ under plain node; `--tsx` measures the sources under tsx (npm start).
	const tsx = process.argv.includes('--tsx');
	// Loaded here only: the case process must not load the TypeScript compiler (its RSS is measured).
	const dist = await import('./scale-dist.js');
	const runner = tsx
		? {path: sibling('scale-run'), execArgv: [...dist.sourceNodeFlags(), '--import', 'tsx']}
		: {path: dist.prepareDistBench(), execArgv: dist.binNodeFlags()};
	console.log(`scale: cameras 1280×720 @ 15 fps (pre-encoded loop, ~95 KB frames) in a child process, monitor at 160×48 truecolor, --fps 15, ${tsx ? 'sources under tsx' : 'dist/ under node'}`);
	console.log('cams | node flags | s | frames in /cam/s | tile fps min/median | camtop CPU cores | main thread busy | Ink renders/s | sim CPU cores | RSS start/mean/max MB (heap, external at max) | loop lag p50/p99/max ms | latency p50/p99 ms (n) | key ms p50/p99/max (n) | frames in / sent | dropped before decode | decoded | out kB/s');
	// The 16-camera case runs a second time without the bin's memory flags (bin/camtop.js), to show
	// what they buy; not in quick mode, which must stay under a minute with everything else.
	const noFlags = runner.execArgv.filter(flag => !flag.startsWith('--max-'));
	const cases: Array<[number, number, string[]]> = quick
		? [[1, 2, runner.execArgv], [16, 3, runner.execArgv], [32, 3, runner.execArgv]]
		: [[1, 10, runner.execArgv], [16, 20, runner.execArgv], [16, 20, noFlags], [32, 15, runner.execArgv]];
	for (const [cameras, seconds, execArgv] of cases) {
		const r = await runCaseInChild(cameras, seconds, {path: runner.path, execArgv});
		const flags = execArgv.filter(flag => !flag.startsWith('--import') && flag !== 'tsx').join(' ');
		console.log([
			r.cameras, flags === '' ? 'none' : flags, f(r.seconds), f(r.inFps), `${f(r.tileFpsMin)}/${f(r.tileFpsMedian)}`, f(r.cpuCores, 2), `${f(r.mainThreadBusy * 100, 0)}%`, f(r.chromePerSecond), f(r.simCpuCores, 2),
			`${f(r.rssStartMb, 0)}/${f(r.rssMeanMb, 0)}/${f(r.rssMaxMb, 0)} (${f(r.heapMb, 0)}, ${f(r.externalMb, 0)})`,
			`${f(r.lagP50)}/${f(r.lagP99)}/${f(r.lagMax)}`, `${f(r.latencyP50)}/${f(r.latencyP99)} (${r.latencyCount})`,
			`${f(r.keyP50)}/${f(r.keyP99)}/${f(r.keyMax)} (${r.keyCount})`, `${r.received}/${r.sent}`, r.dropped, r.decoded, f(r.outputKBps, 0),
		].join(' | '));
	}
}
