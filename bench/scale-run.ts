// First: React in its production build, as camtop runs it.
import '../source/production-env.js';
import process from 'node:process';
import {runScale} from './scale.js';

/*
One scale case in a fresh process (forked by runScaleBench), so its RSS is not the RSS
left behind by the benchmarks before it. argv: cameras seconds. Sends the ScaleResult.
*/

const [cameras, seconds] = process.argv.slice(2).map(Number);
const result = await runScale(cameras ?? 16, seconds ?? 10);
if (process.send) {
	process.send(result, () => {
		// Sockets of ended camera connections may linger a moment; the result is all that matters.
		process.exit(0);
	});
} else {
	// Run by hand (e.g. under --cpu-prof): print the result.
	console.log(JSON.stringify(result, undefined, '\t'));
	process.exit(0);
}
