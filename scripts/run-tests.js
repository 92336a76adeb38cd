#!/usr/bin/env node
// Node 20's test runner takes no globs, so list the test files here and hand them over.
// A test that hangs fails by --test-timeout; a test file that never lets its process exit is
// stopped by the overall limit below, so a hang fails the run instead of holding CI until its
// time limit. (--test-force-exit is not used: on Node 20 it can end a file before all of its
// suites have run, losing tests without a failure.)
// Extra arguments (for example a file path or --test-name-pattern) are passed on.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import path from 'node:path';

const RUN_LIMIT_MS = 20 * 60 * 1000;
const isTest = name => /\.test\.tsx?$/.test(name);

function collect(directory) {
	const found = [];
	for (const entry of readdirSync(directory, {withFileTypes: true})) {
		const full = path.join(directory, entry.name);
		if (entry.isDirectory()) {
			found.push(...collect(full));
		} else if (isTest(entry.name)) {
			found.push(full);
		}
	}

	return found;
}

const extra = process.argv.slice(2);
const explicit = extra.filter(argument => isTest(argument));
const options = extra.filter(argument => !isTest(argument));
const files = explicit.length > 0 ? explicit : collect('test').sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=240000', ...options, ...files], {stdio: 'inherit', timeout: RUN_LIMIT_MS, killSignal: 'SIGKILL'});
if (result.error) {
	console.error(`run-tests: ${result.error.message}${result.signal ? ` (stopped after ${RUN_LIMIT_MS / 60_000} minutes: a test file did not exit)` : ''}`);
}

process.exit(result.status ?? 1);
