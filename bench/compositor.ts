import {performance} from 'node:perf_hooks';
import {parseAnsiFrame} from '../source/render/ansi-frame.js';
import {CellGrid} from '../source/render/cell-grid.js';
import {encodeHalfBlocks} from '../source/render/half-block.js';
import type {Rect} from '../source/render/types.js';
import {alternate, lcg, paintFirstScreen, silentCompositor, type Result} from './compositor-rounds.js';
import {runWallBench} from './compositor-wall.js';

/*
The DESIGN.md scenario: a 160×48 screen, four 78×22 truecolor half-block tiles, about 2%
of the screen's cells changing per frame, the chrome (stats) changing every 5th frame.
Incremental flushes versus a full redraw every frame (invalidate before each flush), and
versus composing and comparing the whole screen at every flush (the same bytes; before
dirty rows), same inputs, same run. The 16-camera case (one tile a flush): compositor-wall.ts.
*/

const COLUMNS = 160;
const ROWS = 48;
const TILE_WIDTH = 78;
const TILE_HEIGHT = 22;
const TILES: Rect[] = [
	{x: 1, y: 1, width: TILE_WIDTH, height: TILE_HEIGHT},
	{x: 81, y: 1, width: TILE_WIDTH, height: TILE_HEIGHT},
	{x: 1, y: 25, width: TILE_WIDTH, height: TILE_HEIGHT},
	{x: 81, y: 25, width: TILE_WIDTH, height: TILE_HEIGHT},
];
const CHANGED_CELLS_PER_FRAME = Math.round(COLUMNS * ROWS * 0.02);

function chromeFrame(tick: number): string {
	const rows: string[] = [];
	const box = (title: string): string[] => {
		const top = `╭─ \u001B[1m${title}\u001B[22m ${'─'.repeat(78 - title.length - 3)}╮`;
		return [top, ...Array.from({length: TILE_HEIGHT}, () => '│' + ' '.repeat(78) + '│'), '╰' + '─'.repeat(78) + '╯'];
	};

	for (const pair of [[0, 1], [2, 3]]) {
		const left = box(`cam${pair[0]!} ${(14.8 + (tick % 7) / 10).toFixed(1)} fps`);
		const right = box(`cam${pair[1]!} ${(15 - (tick % 5) / 10).toFixed(1)} fps`);
		for (let index = 0; index < left.length; index++) {
			rows.push(`\u001B[36m${left[index]!}${right[index]!}\u001B[39m`);
		}
	}

	rows.length = ROWS - 1;
	rows.push(`\u001B[7m q quit  ? help  frame ${tick} \u001B[27m`);
	return rows.join('\n');
}

/** How each flush is made: only what changed, comparing the whole screen, or a full repaint. */
export type Variant = 'incremental' | 'whole screen' | 'full redraw';

function run(frames: number, variant: Variant): Result {
	const fullRedraw = variant === 'full redraw';
	const compositor = silentCompositor(COLUMNS, ROWS, variant === 'whole screen');
	const random = lcg(42);
	const images = TILES.map(() => {
		const data = new Uint8Array(TILE_WIDTH * TILE_HEIGHT * 2 * 3);
		for (let index = 0; index < data.length; index++) {
			data[index] = random() & 0xFF;
		}

		return data;
	});
	const draw = (tile: number): void => {
		compositor.setVideo(`cam${tile}`, TILES[tile]!, (grid, rect) => {
			encodeHalfBlocks({data: images[tile]!, width: TILE_WIDTH, height: TILE_HEIGHT * 2}, grid, rect);
		});
	};

	const bytesBefore = paintFirstScreen(compositor, chromeFrame(0), TILES.length, draw);
	const start = performance.now();
	for (let frame = 1; frame <= frames; frame++) {
		for (let change = 0; change < CHANGED_CELLS_PER_FRAME; change++) {
			const image = images[random() % images.length]!;
			const pixel = (random() % (TILE_WIDTH * TILE_HEIGHT * 2)) * 3;
			image[pixel] = random() & 0xFF;
		}

		if (frame % 5 === 0) {
			compositor.setChrome(chromeFrame(frame));
		}

		for (let tile = 0; tile < TILES.length; tile++) {
			draw(tile);
		}

		if (fullRedraw) {
			compositor.invalidate();
		}

		compositor.flush();
	}

	const elapsed = performance.now() - start;
	return {msPerUpdate: elapsed / frames, bytesPerUpdate: (compositor.stats.bytesWritten - bytesBefore) / frames};
}

function chromeParseMs(rounds: number): number {
	const grid = new CellGrid(COLUMNS, ROWS);
	const frames = [chromeFrame(1), chromeFrame(2)];
	const start = performance.now();
	for (let round = 0; round < rounds; round++) {
		parseAnsiFrame(frames[round % 2]!, grid);
	}

	return (performance.now() - start) / rounds;
}

export async function runCompositorBench(quick: boolean): Promise<void> {
	const frames = quick ? 60 : 300;
	const rounds = quick ? 1 : 3;
	const results = await alternate(['incremental', 'whole screen', 'full redraw'] as const, rounds, (variant, warmUp) => run(warmUp ? 20 : frames, variant));
	const incremental = results.get('incremental')!;
	const whole = results.get('whole screen')!;
	const full = results.get('full redraw')!;
	const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
	console.log(`compositor: ${COLUMNS}x${ROWS}, 4 tiles ${TILE_WIDTH}x${TILE_HEIGHT}, ~2% cells changing, ${frames} frames, fastest of ${rounds} alternating rounds`);
	console.log(`  incremental : ${incremental.msPerUpdate.toFixed(3)} ms/update, ${kb(incremental.bytesPerUpdate)}/update`);
	console.log(`  whole screen: ${whole.msPerUpdate.toFixed(3)} ms/update, ${kb(whole.bytesPerUpdate)}/update (composed and compared whole at every flush)`);
	console.log(`  full redraw : ${full.msPerUpdate.toFixed(3)} ms/update, ${kb(full.bytesPerUpdate)}/update`);
	console.log(`  ratio       : ${(full.bytesPerUpdate / incremental.bytesPerUpdate).toFixed(1)}x fewer bytes, ${(full.msPerUpdate / incremental.msPerUpdate).toFixed(1)}x less time than a full redraw; ${(whole.msPerUpdate / incremental.msPerUpdate).toFixed(2)}x less time than whole-screen flushes`);
	console.log(`  chrome parse: ${chromeParseMs(quick ? 50 : 500).toFixed(3)} ms/frame`);
	await runWallBench(quick);
}
