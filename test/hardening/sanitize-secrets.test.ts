import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import fc from 'fast-check';
import {Camera} from '../../source/camera/camera.js';
import {startDemoServer, type DemoServer} from '../../source/demo/simulator.js';
import {sanitizeLines, sanitizeText} from '../../source/ui/sanitize.js';
import {redactSecrets, redactUrl} from '../../source/url-redact.js';
import {freePort, waitFor} from '../camera/helpers.js';
import {runCamtop} from '../commands/cli-helper.js';
import {ffmpegMissing} from '../helpers/ffmpeg.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

describe('sanitizeText: the one boundary outside text passes to reach the screen', () => {
	const cases: Record<string, string> = {
		'lone ESC': 'cam\u001B',
		CR: 'cam\rover',
		BEL: 'cam\u0007',
		'unterminated OSC': 'cam\u001B]0;title with no end',
		'8-bit CSI': 'cam\u009B31m',
		DEL: 'cam\u007F',
		'C1 (NEL, OSC)': 'cam\u0085\u009D',
		NUL: 'cam\u0000',
	};

	for (const [what, text] of Object.entries(cases)) {
		test(`${what}: made visible, nothing left a terminal would act on`, () => {
			const clean = sanitizeText(text);
			assert.doesNotMatch(clean, CONTROL);
			assert.ok(clean.startsWith('cam'));
		});
	}

	test('stripVTControlCharacters alone is not enough (why the boundary exists)', () => {
		const leftOver = ['cam\u001B', 'cam\r', 'cam\u0007', 'cam\u001B]0;title'].filter(text => CONTROL.test(stripVTControlCharacters(text)));
		assert.ok(leftOver.length > 0);
	});

	test('any string whatsoever comes out without a control character (property)', () => {
		fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 200}), text => !CONTROL.test(sanitizeText(text))), {numRuns: 2000});
	});

	test('sanitizeLines keeps line breaks, nothing else', () => {
		assert.equal(sanitizeLines('a\u001B[2J\r\nb\u0007'), 'a\\x1b[2J\nb\\x07');
		fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 200}), text => sanitizeLines(text).split('\n').every(line => !CONTROL.test(line))), {numRuns: 1000});
	});
});

describe('secrets: redacted everywhere text leaves camtop', () => {
	const secret = fc.stringMatching(/^[\w.~!$-]{4,24}$/);

	test('redactSecrets hides every secret, plain and percent-encoded (property)', () => {
		fc.assert(fc.property(fc.string({maxLength: 40}), secret, fc.string({maxLength: 40}), (before, password, after) => {
			const text = `${before}${password}${after}${encodeURIComponent(password)}`;
			const result = redactSecrets(text, [password]);
			return !result.includes(password);
		}), {numRuns: 1000});
	});

	test('redactUrl hides the userinfo password and each credential query parameter', () => {
		for (const name of ['user', 'usr', 'password', 'pwd', 'pass', 'token', 'auth', 'PWD', 'Token']) {
			const url = redactUrl(`http://admin:pw-SECRET@cam.local:81/video.cgi?${name}=q-SECRET&res=hd`);
			assert.ok(!url.includes('SECRET'), url);
			assert.ok(url.includes('res=hd'), url);
		}
	});

	describe('the camtop command line', () => {
		let directory = '';

		before(async () => {
			directory = await mkdtemp(path.join(tmpdir(), 'camtop-secrets-'));
		});

		after(async () => {
			await rm(directory, {recursive: true, force: true});
		});

		test('a config error quoting a hostile camera name prints no escape sequence and no secret', async () => {
			await writeFile(path.join(directory, 'cameras.json'), JSON.stringify({cameras: [
				{name: 'cam\u001B]0;owned\u0007\u009B2J', url: 'http://admin:pw-SECRET@127.0.0.1:1/x?token=tok-SECRET', password: 'cfg-SECRET', bogus: '\u001B[2J'},
			]}));
			const result = await runCamtop(['--config', 'cameras.json'], {cwd: directory});
			assert.equal(result.code, 2);
			assert.match(result.stderr, /ERR_CONFIG/);
			assert.doesNotMatch(result.stderr.trimEnd(), CONTROL);
			assert.ok(!result.stderr.includes('SECRET'), result.stderr);
		});

		test('probe --json and probe text of a refused camera carry no secret', async () => {
			const port = await freePort();
			const url = `http://admin:pw-SECRET@127.0.0.1:${port}/x?user=u-SECRET&pwd=p-SECRET&token=t-SECRET`;
			for (const args of [['probe', '--json', '-d', '1s', url], ['probe', '-d', '1s', url]]) {
				const result = await runCamtop(args, {cwd: directory});
				const output = result.stdout.toString('utf8') + result.stderr;
				assert.ok(output.length > 0);
				assert.ok(!output.includes('SECRET'), output);
			}
		});
	});

	describe('cameras', () => {
		let server: DemoServer;

		before(async () => {
			server = await startDemoServer([{name: 'digest', width: 64, height: 48, fps: 10, fault: {kind: 'auth-digest'}}]);
		});

		after(async () => {
			await server.close();
		});

		test('a refused login: the error and snapshot hold no configured password', async () => {
			const camera = new Camera(0, {name: 'd', url: `${server.url}/digest.mjpeg?auth=a-SECRET`, username: 'admin', password: 'cfg-SECRET'}, {backoffMs: [60_000]});
			try {
				camera.start();
				await waitFor(() => camera.snapshot().lastError?.code === 'ERR_AUTH', 'the auth failure');
				assert.ok(!JSON.stringify(camera.snapshot()).includes('SECRET'), JSON.stringify(camera.snapshot()));
				assert.ok(!String(camera.lastFailure?.stack).includes('SECRET'));
			} finally {
				camera.stop();
			}
		});

		test('ffmpeg echoing the URL: no password in the error', {skip: skipUnlessInstalled(ffmpegMissing)}, async () => {
			const port = await freePort();
			const camera = new Camera(0, {name: 'f', url: `http://admin:pw-SECRET@127.0.0.1:${port}/x?pwd=q-SECRET`, kind: 'ffmpeg', password: 'pw-SECRET'}, {backoffMs: [60_000]});
			try {
				camera.start();
				await waitFor(() => camera.snapshot().lastError !== undefined, 'ffmpeg to fail', 15_000);
				const shown = JSON.stringify(camera.snapshot());
				assert.ok(!shown.includes('SECRET'), shown);
			} finally {
				camera.stop();
			}
		});
	});
});
