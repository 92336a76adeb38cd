// First: React in its production build, as camtop runs it (source/production-env.ts).
import '../source/production-env.js';
import {readFileSync, writeFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {format} from 'node:util';
import {runCompositorBench} from './compositor.js';
import {runDecodeBench} from './decode.js';
import {currentMachine, writeBlock, type BenchOutput} from './record.js';
import {runRenderBench} from './render.js';
import {runScaleBench} from './scale.js';
import {runSplitterBench} from './splitter.js';

/*
`npm run bench [-- --quick] [-- splitter|compositor|decode|render|scale]`: every benchmark, or
the ones named. Each prints its figures and its in-run baseline side by side; what it printed
is written into docs/benchmarks.md's generated section with the date, machine and load
(bench/record.ts), unless `--no-write`. `--tsx`: the scale bench runs the sources under tsx
instead of dist/.
*/

const benches: Record<string, (quick: boolean) => Promise<void>> = {
	splitter: runSplitterBench,
	compositor: runCompositorBench,
	decode: runDecodeBench,
	render: runRenderBench,
	scale: runScaleBench,
};

const DOCUMENT = new URL('../docs/benchmarks.md', import.meta.url);

const arguments_ = process.argv.slice(2);
const quick = arguments_.includes('--quick');
const write = !arguments_.includes('--no-write');
const named = arguments_.filter(argument => !argument.startsWith('--'));
const unknown = named.filter(name => !(name in benches));
if (unknown.length > 0) {
	console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${Object.keys(benches).join(', ')})`);
	process.exit(2);
}

/** Run one benchmark, printing as usual and keeping every line it printed. */
async function captured(name: string): Promise<BenchOutput> {
	const lines: string[] = [];
	const log = console.log;
	console.log = (...values: unknown[]) => {
		lines.push(...format(...values).split('\n'));
		log(...values);
	};

	const start = performance.now();
	try {
		await benches[name]!(quick);
	} finally {
		console.log = log;
	}

	return {name, lines, seconds: (performance.now() - start) / 1000};
}

console.log(`node ${process.version}, ${quick ? 'quick' : 'full'} run`);
const summary: string[] = [];
for (const name of named.length > 0 ? named : Object.keys(benches)) {
	const machine = currentMachine(quick);
	const output = await captured(name);
	summary.push(`${name.padEnd(10)} ${output.seconds.toFixed(1).padStart(6)} s   load at start ${machine.load.map(value => value.toFixed(2)).join(' / ')}`);
	if (write) {
		// Read and write per benchmark, so an interrupted run keeps the blocks already done.
		writeFileSync(DOCUMENT, writeBlock(readFileSync(DOCUMENT, 'utf8'), machine, output));
	}

	console.log('');
}

console.log(summary.join('\n'));
if (write) {
	console.log('figures written to docs/benchmarks.md (generated section; --no-write to skip)');
}
