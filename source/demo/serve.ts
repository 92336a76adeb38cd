/*
Serve the default demo cameras for other tools (ffplay, a browser, OpenCV):
	npx tsx source/demo/serve.ts [port]
Stops on Ctrl+C.
*/
import process from 'node:process';
import {defaultDemoCameras} from './demo-cameras.js';
import {startDemoServer} from './simulator.js';

const argument = process.argv[2];
const port = argument === undefined ? 0 : Number(argument);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
	console.error(`usage: serve.ts [port]  (port must be 0-65535, got ${JSON.stringify(argument)})`);
	process.exit(2);
}

const server = await startDemoServer(defaultDemoCameras, {port});
console.log(`camtop demo cameras on ${server.url} (Ctrl+C to stop)`);
for (const camera of server.cameras) {
	console.log(`  ${camera.url}`);
}

function stop(): void {
	server.close().then(() => process.exit(0), (error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}

process.once('SIGINT', stop);
process.once('SIGTERM', stop);
