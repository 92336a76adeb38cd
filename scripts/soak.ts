/*
Soak test: camtop in a real terminal (a private tmux server) with 16 demo cameras, healthy
and faulty, two of them read through ffmpeg, for N minutes. Once a minute it samples the
camtop process from /proc: RSS, CPU (share of one core over the minute), open fds, child
processes (and zombies among them). Prints a Markdown table (for docs/benchmarks.md) and
exits 1 if camtop died, or left a child or the terminal in a bad state.

	npm run soak -- --minutes 30
*/
import {execFileSync} from 'node:child_process';
import {readdirSync, readFileSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {startDemoServer, type DemoCameraOptions, type DemoFault} from '../source/demo/simulator.js';

const {values} = parseArgs({options: {minutes: {type: 'string', default: '30'}, 'sample-seconds': {type: 'string', default: '60'}}});
const minutes = Number(values.minutes);
const sampleMs = Number(values['sample-seconds']) * 1000;
if (!(minutes > 0 && minutes <= 24 * 60) || !(sampleMs >= 1000)) {
	console.error('usage: npm run soak -- --minutes N [--sample-seconds S]');
	process.exit(2);
}

const faults: readonly DemoFault[] = ['stall', 'reset-mid-frame', 'huge-length', 'garbage', 'frame-flood', 'bursty', 'escape-headers', 'retry-after', 'auth-digest', 'slow-headers'];
const healthy: DemoCameraOptions[] = [
	{name: 'lobby', width: 640, height: 360, fps: 15},
	{name: 'garage', width: 480, height: 270, fps: 10, quirk: 'dashed-boundary'},
	{name: 'yard', width: 320, height: 240, fps: 8, quirk: 'no-content-length'},
	{name: 'door', width: 640, height: 480, fps: 12, quirk: 'quoted-boundary'},
];
const server = await startDemoServer([
	...healthy,
	...faults.map(kind => ({name: kind, width: 160, height: 120, fps: 10, fault: {kind, retryAfterSeconds: 20}})),
]);
const cameras = [
	...healthy.map(camera => ({name: camera.name, url: `${server.url}/${camera.name}.mjpeg`})),
	// Through ffmpeg: child processes to watch.
	{name: 'ff-lobby', url: `${server.url}/lobby.mjpeg`, kind: 'ffmpeg'},
	{name: 'ff-stall', url: `${server.url}/stall.mjpeg`, kind: 'ffmpeg'},
	...faults.map(kind => ({name: kind, url: `${server.url}/${kind}.mjpeg`})),
];

const directory = await mkdtemp(path.join(tmpdir(), 'camtop-soak-'));
await writeFile(path.join(directory, 'cameras.json'), JSON.stringify({cameras}));
const socket = `camtop-soak-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
const cli = fileURLToPath(new URL('../source/cli.tsx', import.meta.url));
const tsconfig = fileURLToPath(new URL('../tsconfig.json', import.meta.url));
tmux('new-session', '-d', '-x', '200', '-y', '60', '-s', 'soak', '-c', directory, '-e', 'TERM=xterm-256color', '-e', 'COLORTERM=truecolor', '-e', `TSX_TSCONFIG_PATH=${tsconfig}`,
	`exec node --import ${import.meta.resolve('tsx')} ${cli}`);
const pid = Number(tmux('display-message', '-p', '-t', 'soak', '#{pane_pid}').trim());

const ticksPerSecond = 100;
type Sample = {minute: number; rssMb: number; cpuPercent: number; fds: number; children: number; zombies: number; liveTiles: number};

function cpuTicks(): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	// proc(5): utime and stime are fields 14 and 15; after "pid (comm) " they are at 11 and 12.
	return Number(fields[11]) + Number(fields[12]);
}

function children(): {all: number; zombies: number} {
	let all = 0;
	let zombies = 0;
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) {
			continue;
		}

		try {
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(ppid) === pid) {
				all++;
				zombies += state === 'Z' ? 1 : 0;
			}
		} catch {
			// Gone meanwhile.
		}
	}

	return {all, zombies};
}

function sample(minute: number, ticksBefore: number, elapsedMs: number): Sample {
	const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	const ticks = cpuTicks();
	const {all, zombies} = children();
	const screen = tmux('capture-pane', '-p', '-t', 'soak');
	return {
		minute,
		rssMb: Math.round(Number(rss?.[1] ?? 0) / 1024),
		cpuPercent: Math.round(((ticks - ticksBefore) / ticksPerSecond) / (elapsedMs / 1000) * 1000) / 10,
		fds: readdirSync(`/proc/${pid}/fd`).length,
		children: all,
		zombies,
		liveTiles: (screen.match(/\b\d+ \S+ live \d/g) ?? []).length,
	};
}

const samples: Sample[] = [];
let failure: string | undefined;
try {
	let ticks = cpuTicks();
	let last = Date.now();
	const end = last + (minutes * 60_000);
	for (let minute = 1; Date.now() < end && minute <= 24 * 60; minute++) {
		await new Promise(resolve => {
			setTimeout(resolve, Math.min(sampleMs, end - Date.now()));
		});
		const now = Date.now();
		const entry = sample(minute, ticks, now - last);
		ticks = cpuTicks();
		last = now;
		samples.push(entry);
		console.error(JSON.stringify(entry));
	}

	tmux('send-keys', '-t', 'soak', 'q');
	const deadline = Date.now() + 15_000;
	while (existsPid(pid) && Date.now() < deadline) {
		await new Promise(resolve => {
			setTimeout(resolve, 100);
		});
	}

	if (existsPid(pid)) {
		failure = 'camtop did not quit on q within 15 s';
	}
} catch (error) {
	failure = `camtop died or could not be sampled: ${String(error)}`;
} finally {
	try {
		tmux('kill-server');
	} catch {
		// Already gone with its only pane.
	}

	await server.close();
	await rm(directory, {recursive: true, force: true});
}

function existsPid(id: number): boolean {
	try {
		readFileSync(`/proc/${id}/stat`);
		return true;
	} catch {
		return false;
	}
}

console.log('| minute | RSS MB | CPU % of a core | open fds | children | zombies | live tiles |');
console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const entry of samples) {
	console.log(`| ${entry.minute} | ${entry.rssMb} | ${entry.cpuPercent} | ${entry.fds} | ${entry.children} | ${entry.zombies} | ${entry.liveTiles} |`);
}

if (failure) {
	console.error(`soak: ${failure}`);
	process.exit(1);
}
