import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawn, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {until} from '../helpers/until.js';

/*
Detection inside a real tmux with a real client attached (tmux answers
`#{client_termfeatures}` for the client; a detached session has none): a private tmux server,
a client attached through `script` (a pseudo-terminal) with TERM=xterm-256color and no
COLORTERM, and camtop's detection run in a pane of it (fixtures/tmux-detect.ts).
*/

const missing = ['tmux', 'script'].filter(tool => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
const fixture = path.join(import.meta.dirname, 'fixtures', 'tmux-detect.ts');

type Detected = {mode: string; reason: string; inTmux: boolean; term: string};

async function detectInTmux(rgb: boolean): Promise<Detected> {
	const socket = `camtop-rgb-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
	const directory = mkdtempSync(path.join(tmpdir(), 'camtop-rgb-'));
	const out = path.join(directory, 'detected.json');
	// No COLORTERM anywhere: not in the server's environment (panes inherit it), not in the client's.
	const environment = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'COLORTERM'));
	const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], {encoding: 'utf8', env: environment});
	tmux('new-session', '-d', '-s', 'rgb', '-x', '100', '-y', '30', 'sleep 120');
	if (rgb) {
		// What users put in tmux.conf for a truecolor terminal.
		tmux('set-option', '-as', 'terminal-features', ',xterm-256color:RGB');
	}

	const client = spawn('script', ['-qfc', `tmux -L ${socket} attach -t rgb`, '/dev/null'], {env: {...environment, TERM: 'xterm-256color'}, stdio: 'ignore'});
	try {
		await until(() => tmux('list-clients', '-F', '#{client_name}').trim() !== '', 'the tmux client to attach', 10_000);
		tmux('new-window', '-d', '-t', 'rgb', `${process.execPath} --import tsx ${fixture} ${out}`);
		await until(() => existsSync(out) && readFileSync(out, 'utf8').endsWith('}'), 'the detection in the pane', 20_000);
		return JSON.parse(readFileSync(out, 'utf8')) as Detected;
	} finally {
		client.kill();
		try {
			tmux('kill-server');
		} catch {
			// Already gone with its last client and session.
		}

		rmSync(directory, {recursive: true, force: true});
	}
}

describe('render mode inside a real tmux', {skip: skipUnlessInstalled(missing.length > 0 ? `needs ${missing.join(', ')}` : false)}, () => {
	test('no COLORTERM: truecolor when the tmux client has the RGB feature, else the 256 colours TERM says', async () => {
		const withRgb = await detectInTmux(true);
		assert.equal(withRgb.inTmux, true);
		assert.equal(withRgb.mode, 'truecolor', JSON.stringify(withRgb));
		assert.match(withRgb.reason, /tmux client RGB/);

		const without = await detectInTmux(false);
		assert.equal(without.inTmux, true);
		assert.notEqual(without.mode, 'truecolor', JSON.stringify(without));
		assert.doesNotMatch(without.reason, /RGB/);
	});
});
