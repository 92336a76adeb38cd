import {spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {after, before, describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {skipUnlessInstalled} from '../helpers/requirements.js';
import {missingTools, startXvfb, stop} from './x-screen.js';
import {checkImageTile, type Step} from './image-terminal-check.js';

/*
A real-terminal check of iTerm2 inline images (OSC 1337 File=). iTerm2 itself is macOS
only; mlterm 3.9 (Debian package `mlterm`) implements the same sequence, so it runs
fixtures/image-in-terminal.ts under Xvfb, drawing with camtop's Iterm2Painter through the
Compositor: place, replace, overlay, restore, quit, each screenshot compared with the
source picture (image-terminal-check.ts). mlterm also draws sixel, and camtop's detection
picks sixel there (DA1 attribute 4; mlterm names no iTerm2 support), so sixel is checked
in it the same way. Skipped when mlterm, Xvfb or ImageMagick are
missing (`apt-get install mlterm xvfb imagemagick`).
*/

const missing = missingTools(['mlterm', 'Xvfb', 'import']);
const script = fileURLToPath(new URL('fixtures/image-in-terminal.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

/** What each step must have written, per protocol: a sequence's name → how many (undefined: none). */
const EXPECTED: Record<'iterm2' | 'sixel', Record<Step, Record<string, number | undefined>>> = {
	iterm2: {
		// Replaced by printing the changed frame again over the same cells: no clear needed.
		placed: {'iterm2 File': 1}, replaced: {'iterm2 File': 1, 'clear screen': undefined},
		// The picture lives on the text layer: only a clear takes it off.
		covered: {'clear screen': 1, 'iterm2 File': undefined}, restored: {'iterm2 File': 1}, quit: {},
	},
	sixel: {
		placed: {sixel: 1}, replaced: {'clear screen': undefined},
		covered: {'clear screen': 1, sixel: undefined}, restored: {sixel: 1}, quit: {},
	},
};

for (const protocol of ['iterm2', 'sixel'] as const) {
	describe(`${protocol} in a real mlterm (under Xvfb)`, {skip: skipUnlessInstalled(missing.length > 0 ? `needs ${missing.join(', ')}` : false)}, () => {
		let directory = '';
		let display = '';
		let xvfb: ChildProcess | undefined;
		let mlterm: ChildProcess | undefined;

		before(async () => {
			directory = await mkdtemp(path.join(tmpdir(), 'camtop-mlterm-'));
			({process: xvfb, display} = await startXvfb());
			const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
			mlterm = spawn('mlterm', [
				'--geometry=80x24+0+0', '--sb=false', '--bg=black', '--fg=#c0c0c0',
				'-e', process.execPath, '--import', tsx, script, directory, protocol,
			], {env: {...process.env, DISPLAY: display, TSX_TSCONFIG_PATH: tsconfig}, stdio: 'ignore'});
		});

		after(async () => {
			await stop(mlterm);
			await stop(xvfb);
			await rm(directory, {recursive: true, force: true});
		});

		test('mlterm shows the tile at its cells, replaces it, takes it off under the overlay, restores it, and leaves nothing after quit', async t => {
			// JPEG (iTerm2) rings a pixel or two along the blocks' edges; sixel's palette takes the
			// fixture's noise away (image-blocks.ts).
			const tolerance = protocol === 'iterm2' ? {mean: 4, offShare: 0.08} : {mean: 3, offShare: 0.005};
			await checkImageTile({directory, display, alive: () => mlterm?.exitCode === null && mlterm.signalCode === null, shotPrefix: `mlterm-${protocol}`, tolerance}, (step: Step, info) => {
				if (step === 'placed') {
					t.diagnostic(`detected in mlterm: ${String(info.mode)} (${String(info.reason)}; XTVERSION ${String(info.version)}; cell ${JSON.stringify(info.cell)})`);
					assert.equal(info.cellSizeReported, true, 'mlterm reports its cell size');
				}

				for (const [name, count] of Object.entries(EXPECTED[protocol][step])) {
					assert.equal(info.commands[name], count, `${step}: ${name}`);
				}

				if (step === 'replaced') {
					assert.ok((info.commands[protocol === 'iterm2' ? 'iterm2 File' : 'sixel'] ?? 0) >= 1, 'the changed frame drawn');
				}
			});
		});
	});
}
