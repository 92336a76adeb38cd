import {execFile} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';

const cli = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));
const run = promisify(execFile);

async function camtop(args: string[], cwd: string): Promise<{code: number; stdout: string; stderr: string}> {
	try {
		const {stdout, stderr} = await run(process.execPath, ['--import', import.meta.resolve('tsx'), cli, ...args], {cwd, timeout: 20_000, env: {...process.env, TSX_TSCONFIG_PATH: fileURLToPath(new URL('../../tsconfig.json', import.meta.url))}});
		return {code: 0, stdout, stderr};
	} catch (error) {
		const failure = error as {code: number; stdout: string; stderr: string};
		return {code: failure.code, stdout: failure.stdout, stderr: failure.stderr};
	}
}

describe('camtop command line', () => {
	let directory = '';
	before(async () => {
		directory = await mkdtemp(path.join(tmpdir(), 'camtop-cli-'));
	});
	after(async () => {
		await rm(directory, {recursive: true, force: true});
	});

	test('--help prints the usage', async () => {
		const result = await camtop(['--help'], directory);
		assert.equal(result.code, 0);
		assert.match(result.stdout, /\$ camtop \[URL\|FILE \.\.\.\]/);
		assert.match(result.stdout, /--replay-fps/);
		assert.match(result.stdout, /--config/);
	});

	test('a bad cameras.json names the file, camera and field, and exits 2 before touching the screen', async () => {
		await writeFile(path.join(directory, 'cameras.json'), JSON.stringify({cameras: [{name: 'gate', url: 'http://127.0.0.1:9/'}, {name: 'yard'}]}));
		const result = await camtop([], directory);
		assert.equal(result.code, 2);
		assert.equal(result.stderr.trim(), 'camtop: ERR_CONFIG: cameras.json: camera 2 ("yard"): "url" must be a non-empty string, got undefined');
		assert.equal(result.stdout, '');
	});

	test('--config with a missing file and a URL that is not http exit 2 with the reason', async () => {
		const missing = await camtop(['--config', 'nope.json'], directory);
		assert.equal(missing.code, 2);
		assert.match(missing.stderr, /nope\.json: cannot read the cameras file: no such file/);
		const bad = await camtop(['ftp://user:hunter2@cam/x'], directory);
		assert.equal(bad.code, 2);
		assert.match(bad.stderr, /uses ftp:\/\/, which camtop does not read/);
		assert.doesNotMatch(bad.stderr, /hunter2/);
	});

	test('--fps out of range is a usage error', async () => {
		const result = await camtop(['--fps', '0', '--demo'], directory);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /--fps must be a number from 1 to 60/);
	});
});

test('the monitor without a terminal for keys says so and exits 2 instead of waiting', async () => {
	const directory = await mkdtemp(path.join(tmpdir(), 'camtop-cli-'));
	try {
		const result = await camtop(['--demo'], directory);
		assert.equal(result.code, 2);
		assert.match(result.stderr, /camtop: ERR_USAGE: the monitor reads keys from an interactive terminal.*camtop probe, snapshot or record/);
		assert.equal(result.stdout, '');
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
});
