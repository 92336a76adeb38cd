import {test, describe} from 'node:test';
import assert from 'node:assert/strict';
import {EventEmitter} from 'node:events';
import {Compositor} from '../../source/render/compositor.js';
import {SYNC_BEGIN, SYNC_END} from '../../source/render/ansi-out.js';
import {encodeHalfBlocks} from '../../source/render/half-block.js';
import {ScreenModel, gridDifference, pictureRow} from './screen-model.js';

/** A terminal stand-in: records writes, can refuse (backpressure) and drain later. */
class FakeTerminal extends EventEmitter {
	writes: string[] = [];
	accept = true;
	write(data: string): boolean {
		this.writes.push(data);
		return this.accept;
	}

	drain(): void {
		this.accept = true;
		this.emit('drain');
	}
}

function solidPixels(width: number, height: number, color: [number, number, number]): Uint8Array {
	const data = new Uint8Array(width * height * 3);
	for (let index = 0; index < data.length; index += 3) {
		data.set(color, index);
	}

	return data;
}

function setup(columns = 40, rows = 12): {terminal: FakeTerminal; compositor: Compositor; model: ScreenModel; flush: () => number} {
	const terminal = new FakeTerminal();
	const compositor = new Compositor(terminal, columns, rows);
	const model = new ScreenModel(columns, rows);
	const flush = (): number => {
		const before = terminal.writes.length;
		const bytes = compositor.flush();
		for (const data of terminal.writes.slice(before)) {
			assert.ok(data.startsWith(SYNC_BEGIN) && data.endsWith(SYNC_END), 'write is one synchronized update');
			model.apply(data);
		}

		return bytes;
	};

	return {terminal, compositor, model, flush};
}

describe('Compositor', () => {
	test('first flush clears and paints; an unchanged second flush writes nothing', () => {
		const {terminal, compositor, model, flush} = setup();
		compositor.setChrome('\u001B[1;36mcamtop\u001B[22;39m  4 cameras\n╭──╮\n│字│');
		assert.ok(flush() > 0);
		assert.ok(terminal.writes[0]!.startsWith(SYNC_BEGIN + '\u001B[0m\u001B[2J'));
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
		assert.equal(model.grid.rowText(0).trimEnd(), 'camtop  4 cameras');
		assert.equal(model.grid.rowText(2).trimEnd(), '│字│');
		assert.equal(flush(), 0);
		compositor.setChrome('\u001B[1;36mcamtop\u001B[22;39m  4 cameras\n╭──╮\n│字│');
		assert.equal(flush(), 0, 'the same frame again changes nothing');
		assert.equal(terminal.writes.length, 1);
	});

	test('video replaces chrome inside its rect, overlays win, removal falls back to chrome', () => {
		const {compositor, model, flush} = setup(20, 6);
		compositor.setChrome(Array.from({length: 6}, () => '.'.repeat(20)).join('\n'));
		const rect = {x: 2, y: 1, width: 6, height: 3};
		const pixels = {data: solidPixels(6, 6, [200, 10, 10]), width: 6, height: 6};
		// The grid is in screen coordinates: the caller's own rect works as well as the one passed.
		compositor.setVideo('cam', rect, grid => {
			encodeHalfBlocks(pixels, grid, rect);
		});
		flush();
		assert.equal(pictureRow(model.grid, 1), '..▀▀▀▀▀▀............');
		compositor.setOverlays([{x: 4, y: 2, width: 10, height: 1}]);
		flush();
		assert.equal(pictureRow(model.grid, 2), '..▀▀' + '.'.repeat(16));
		compositor.removeVideo('cam');
		flush();
		assert.equal(model.grid.rowText(1), '.'.repeat(20));
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
	});

	test('changing one video cell sends a few dozen bytes, far below a full repaint', () => {
		const {compositor, model, flush} = setup(160, 48);
		compositor.setChrome('status line');
		const data = new Uint8Array(78 * 44 * 3);
		for (let index = 0; index < data.length; index++) {
			data[index] = (index * 31) & 0xFF;
		}

		const draw = (): void => {
			compositor.setVideo('a', {x: 1, y: 1, width: 78, height: 22}, (grid, local) => {
				encodeHalfBlocks({data, width: 78, height: 44}, grid, local);
			});
		};

		draw();
		const full = flush();
		data.set([250, 0, 0], ((10 * 78) + 40) * 3);
		draw();
		const delta = flush();
		assert.ok(delta > 0);
		assert.ok(delta < 100, `one cell cost ${delta} bytes`);
		assert.ok(delta * 100 < full, `${delta} vs full ${full}`);
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
	});

	test('backpressure: no writes until drain, then one correct delta', () => {
		const {terminal, compositor, model, flush} = setup(20, 4);
		compositor.setChrome('one');
		terminal.accept = false;
		assert.ok(flush() > 0, 'the write that hits the full buffer still goes out');
		assert.equal(compositor.blocked, true);
		compositor.setChrome('two');
		assert.equal(flush(), 0);
		compositor.setChrome('three');
		assert.equal(flush(), 0);
		assert.equal(terminal.writes.length, 1);
		assert.equal(compositor.stats.blockedFlushes, 2);
		terminal.drain();
		assert.equal(compositor.blocked, false);
		assert.ok(flush() > 0);
		assert.equal(terminal.writes.length, 2);
		assert.equal(model.grid.rowText(0).trimEnd(), 'three');
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
	});

	test('the bottom-right cell is never written', () => {
		const {compositor, model, flush} = setup(4, 2);
		compositor.setChrome('abcd\nefgh');
		flush();
		assert.equal(model.grid.rowText(1), 'efg ');
		compositor.setChrome('abcd\nef字');
		flush();
		assert.equal(model.grid.rowText(1), 'ef  ');
	});

	test('a wide character cut by a video rect becomes a blank', () => {
		const {compositor, model, flush} = setup(10, 3);
		compositor.setChrome('a字字字b');
		flush();
		compositor.setVideo('v', {x: 2, y: 0, width: 2, height: 1}, (grid, local) => {
			encodeHalfBlocks({data: solidPixels(2, 2, [1, 2, 3]), width: 2, height: 2}, grid, local);
		});
		flush();
		assert.deepEqual(model.grid.chars.slice(0, 8), ['a', ' ', ' ', ' ', ' ', '字', '', 'b']);
		assert.equal(pictureRow(model.grid, 0).slice(0, 5), 'a ▀▀ ', 'a flat picture is sent as coloured spaces');
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
	});

	test('resize and invalidate repaint everything', () => {
		const {compositor, model, flush} = setup(10, 3);
		compositor.setChrome('hello');
		flush();
		compositor.resize(12, 4);
		model.resize(12, 4);
		flush();
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
		model.fillJunk();
		compositor.invalidate();
		flush();
		assert.equal(model.grid.rowText(0), 'hello       ');
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
	});
});
