#!/usr/bin/env node
// Node 20's test runner takes no globs, so list the test files here and hand them over.
// --test-force-exit and --test-timeout: a test file that leaves a handle open or a test that hangs
// must fail the run, not hold CI until its time limit.
// Extra arguments (for example a file path or --test-name-pattern) are passed on.
import {spawnSync} from 'node:child_process';
import {readdirSync} from 'node:fs';
import path from 'node:path';

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
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-force-exit', '--test-timeout=240000', ...options, ...files], {stdio: 'inherit'});
process.exit(result.status ?? 1);
