import {test, describe, before} from 'node:test';
import assert from 'node:assert/strict';
import React from 'react';
import type * as Ink from 'ink';
import {parseAnsiFrame} from '../../source/render/ansi-frame.js';
import {BOLD, CellGrid, rgb} from '../../source/render/cell-grid.js';
import {VirtualStdout} from '../../source/render/virtual-stdout.js';

// chalk picks its colour level when first loaded; make it truecolor for this test process.
process.env['FORCE_COLOR'] = '3';
process.env['COLORTERM'] = 'truecolor';
let ink: typeof Ink;

before(async () => {
	ink = await import('ink');
});

function mount(stdout: VirtualStdout, node: React.ReactElement): ReturnType<typeof ink.render> {
	return ink.render(node, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stdin: process.stdin,
		debug: true,
		patchConsole: false,
		exitOnCtrlC: false,
	});
}

describe('VirtualStdout with a real Ink render', () => {
	test('a frame arrives, parses into cells, and the instance unmounts cleanly', async () => {
		const stdout = new VirtualStdout(30);
		const frames: string[] = [];
		stdout.on('frame', (frame: string) => frames.push(frame));
		const {Box, Text} = ink;
		const instance = mount(stdout, (
			<Box flexDirection="column">
				<Box><Text color="green">hi</Text></Box>
				<Text bold backgroundColor="#102030">字x</Text>
			</Box>
		));
		assert.ok(frames.length > 0, 'Ink wrote a frame');
		assert.equal(stdout.frame, frames.at(-1));
		// eslint-disable-next-line no-control-regex
		assert.doesNotMatch(stdout.frame, /\u001B\[(?!\d*(;\d+)*m)/, 'only SGR sequences, no cursor movement');

		const grid = new CellGrid(30, 4);
		parseAnsiFrame(stdout.frame, grid);
		assert.equal(grid.rowText(0).trimEnd(), 'hi');
		assert.equal(grid.fg[0], 2);
		assert.equal(grid.fg[1], 2);
		assert.equal(grid.fg[2], -1);
		assert.deepEqual([grid.chars[30], grid.chars[31], grid.chars[32]], ['字', '', 'x']);
		assert.equal(grid.bg[30], rgb(0x10, 0x20, 0x30));
		assert.equal(grid.attrs[32], BOLD);

		instance.unmount();
		await instance.waitUntilExit();
	});

	test('setColumns changes the width Ink lays out at', async () => {
		const stdout = new VirtualStdout(40);
		const {Box, Text} = ink;
		const tree = (
			<Box width="100%" justifyContent="flex-end"><Text>end</Text></Box>
		);
		const instance = mount(stdout, tree);
		assert.equal(stdout.frame, ' '.repeat(37) + 'end');
		let resized = false;
		stdout.once('resize', () => {
			resized = true;
		});
		stdout.setColumns(20);
		assert.ok(resized);
		// Ink ignores 'resize' when CI is set in the environment; a re-render always picks it up.
		instance.rerender(tree);
		assert.equal(stdout.frame, ' '.repeat(17) + 'end');
		instance.unmount();
		await instance.waitUntilExit();
	});

	test('empty writes are not frames, and write callbacks are called', async () => {
		const stdout = new VirtualStdout();
		stdout.write('frame one');
		assert.equal(stdout.write(''), true);
		assert.equal(stdout.frame, 'frame one');
		assert.equal(stdout.frameCount, 1);
		await new Promise<void>(resolve => {
			stdout.write('', resolve);
		});
	});
});
