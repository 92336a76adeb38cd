import {spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {TmuxSession} from '../helpers/tmux.js';
import {noiseJpeg} from '../fixtures/jpegs.js';
import {multipartStream} from '../fixtures/streams.js';
import {skipUnlessInstalled} from '../helpers/requirements.js';

const cli = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));
const tsx = import.meta.resolve('tsx');
const missing = spawnSync('ffmpeg', ['-version'], {stdio: 'ignore'}).status === 0 && spawnSync('tmux', ['-V'], {stdio: 'ignore'}).status === 0
	? false
	: 'ffmpeg or tmux not installed';

/** PIDs of ffmpeg processes anywhere on the machine whose command line names `needle` (read from /proc). */
function ffmpegReading(needle: string): number[] {
	const pids: number[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) {
			continue;
		}

		try {
			if (readFileSync(`/proc/${name}/comm`, 'utf8').trim() === 'ffmpeg' && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle)) {
				pids.push(Number(name));
			}
		} catch {
			// Gone meanwhile.
		}
	}

	return pids;
}

describe('the real CLI in tmux: stdin and ffmpeg cameras side by side', {skip: skipUnlessInstalled(missing)}, () => {
	let directory = '';
	let clip = '';
	let session: TmuxSession;

	before(async () => {
		directory = mkdtempSync(path.join(tmpdir(), 'camtop-cli-sources-'));
		clip = path.join(directory, 'clip-under-test.mp4');
		const made = spawnSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10', '-t', '5', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', clip]);
		assert.equal(made.status, 0, made.stderr.toString());
		const jpegs = await Promise.all([0, 1, 2, 3, 4, 5].map(async hue => noiseJpeg(64, 48, {hue})));
		// X-Timestamps 200 ms apart: stdin is replayed at that rate, then ends.
		writeFileSync(path.join(directory, 'saved.mjpg'), multipartStream(jpegs.map((body, index) => ({body, headers: [`X-Timestamp: ${100 + (index / 5)}`]})), {delimiter: '--saved'}));
		const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
		const command = `cat saved.mjpg | node --import ${tsx} ${cli} - ${path.basename(clip)} --loop; echo "camtop exited $?"; sleep 60`;
		session = new TmuxSession(command, {columns: 160, rows: 48, cwd: directory, env: {TERM: 'xterm-256color', COLORTERM: 'truecolor', TSX_TSCONFIG_PATH: tsconfig}});
	});

	after(() => {
		session.kill();
		rmSync(directory, {recursive: true, force: true});
	});

	test('stdin plays and ends, keeping its picture; the H.264 file plays through ffmpeg on a loop', async () => {
		const screen = await session.waitFor(text => /1 stdin ended/.test(text) && /2 clip-under-test\.mp4 live/.test(text), 'stdin ended and the clip live', 30_000);
		assert.ok(screen.split('▀').length > 1000, 'both tiles show pictures');
		assert.equal(ffmpegReading(clip).length, 1);
	});

	test('keys come from the terminal while stdin carries video; q leaves no ffmpeg behind', async () => {
		session.keys('?', true);
		await session.waitFor(text => text.includes('camtop keys'), 'help overlay from a key typed in the terminal');
		session.keys('q', true);
		await session.waitFor(text => text.includes('camtop exited 0'), 'camtop to exit');
		assert.deepEqual(ffmpegReading(clip), []);
	});
});
