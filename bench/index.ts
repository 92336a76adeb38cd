// First: React in its production build, as camtop runs it (source/production-env.ts).
import '../source/production-env.js';
import process from 'node:process';
import {runCompositorBench} from './compositor.js';
import {runRenderBench} from './render.js';
import {runScaleBench} from './scale.js';
import {runSplitterBench} from './splitter.js';

/*
`npm run bench [-- --quick] [-- splitter|compositor]`: every benchmark, or the ones named.
Each prints its figures and its in-run baseline side by side.
*/

const benches: Record<string, (quick: boolean) => Promise<void>> = {
	splitter: runSplitterBench,
	compositor: runCompositorBench,
	render: runRenderBench,
	scale: runScaleBench,
};

const arguments_ = process.argv.slice(2);
const quick = arguments_.includes('--quick');
const named = arguments_.filter(argument => !argument.startsWith('--'));
const unknown = named.filter(name => !(name in benches));
if (unknown.length > 0) {
	console.error(`unknown benchmark: ${unknown.join(', ')} (known: ${Object.keys(benches).join(', ')})`);
	process.exit(2);
}

console.log(`node ${process.version}, ${quick ? 'quick' : 'full'} run`);
for (const name of named.length > 0 ? named : Object.keys(benches)) {
	await benches[name]!(quick);
	console.log('');
}
