import {performance} from 'node:perf_hooks';
import {encodeHalfBlocks} from '../source/render/half-block.js';
import type {Rect} from '../source/render/types.js';
import {alternate, lcg, paintFirstScreen, silentCompositor, type Result} from './compositor-rounds.js';

/*
The compositor's share of the 16-camera case (issue 7): a 160×48 screen, a 4×4 wall of
tiles (38×10 cells of video in a box with a title), each flush carrying one tile's new
picture (240 pictures a second arrive one or two a flush), every pixel of it moved by sensor
noise and a small object moving, the chrome (titles with fps) changing every 80th flush (Ink renders ~3 times a
second). Flushes composing and comparing only what was painted versus the whole screen
(the same bytes), alternating in the same run.
*/

const COLUMNS = 160;
const ROWS = 48;
const SIDE = 4;
const BOX_WIDTH = COLUMNS / SIDE;
const BOX_HEIGHT = 11;
const TILES: Rect[] = Array.from({length: SIDE * SIDE}, (_, index) => ({
	x: ((index % SIDE) * BOX_WIDTH) + 1,
	y: (Math.floor(index / SIDE) * (BOX_HEIGHT + 1)) + 1,
	width: BOX_WIDTH - 2,
	height: BOX_HEIGHT - 1,
}));
const CHROME_EVERY = 80;
/** Distinct camera frames cycled through (a prime, so tiles do not see the same sequence). */
const PICTURES = 61;

function chromeFrame(tick: number): string {
	const rows: string[] = [];
	for (let band = 0; band < SIDE; band++) {
		const titles = Array.from({length: SIDE}, (_, column) => {
			const title = `cam${(band * SIDE) + column} ${(14.5 + (((tick + column) % 9) / 10)).toFixed(1)} fps`;
			return `╭─ ${title} ${'─'.repeat(BOX_WIDTH - title.length - 5)}╮`;
		});
		rows.push(`\u001B[36m${titles.join('')}\u001B[39m`);
		for (let line = 1; line < BOX_HEIGHT; line++) {
			rows.push(`\u001B[36m${`│${' '.repeat(BOX_WIDTH - 2)}│`.repeat(SIDE)}\u001B[39m`);
		}

		rows.push(`\u001B[36m${`╰${'─'.repeat(BOX_WIDTH - 2)}╯`.repeat(SIDE)}\u001B[39m`);
	}

	rows.length = ROWS - 1;
	rows.push(`\u001B[7m q quit  ? help  16 cameras  frame ${tick} \u001B[27m`);
	return rows.join('\n');
}

type Variant = 'incremental' | 'whole screen';

function run(flushes: number, variant: Variant): Result {
	const compositor = silentCompositor(COLUMNS, ROWS, variant === 'whole screen');
	const random = lcg(7);
	const {width, height} = TILES[0]!;
	const scene = new Uint8Array(width * height * 2 * 3);
	for (let index = 0; index < scene.length; index++) {
		scene[index] = 40 + (random() % 160);
	}

	// Camera frames made beforehand, so the timing is the compositor's (and the encoder's):
	// the same scene, every channel moved by up to ±3 steps, and a 6×6-pixel object moving.
	const pictures = Array.from({length: PICTURES}, (_, frame) => {
		const picture = new Uint8Array(scene.length);
		for (let index = 0; index < scene.length; index++) {
			picture[index] = scene[index]! + (random() % 7) - 3;
		}

		const left = frame % (width - 6);
		const top = (frame >> 2) % ((height * 2) - 6);
		for (let y = top; y < top + 6; y++) {
			picture.fill(250, ((y * width) + left) * 3, ((y * width) + left + 6) * 3);
		}

		return picture;
	});
	let frame = 0;
	const draw = (tile: number): void => {
		const data = pictures[frame++ % PICTURES]!;
		compositor.setVideo(`cam${tile}`, TILES[tile]!, (grid, rect) => {
			encodeHalfBlocks({data, width, height: height * 2}, grid, rect);
		});
	};

	const bytesBefore = paintFirstScreen(compositor, chromeFrame(0), TILES.length, draw);
	const start = performance.now();
	for (let flush = 1; flush <= flushes; flush++) {
		if (flush % CHROME_EVERY === 0) {
			compositor.setChrome(chromeFrame(flush));
		}

		draw(flush % TILES.length);
		compositor.flush();
	}

	const elapsed = performance.now() - start;
	return {msPerUpdate: elapsed / flushes, bytesPerUpdate: (compositor.stats.bytesWritten - bytesBefore) / flushes};
}

export async function runWallBench(quick: boolean): Promise<void> {
	const flushes = quick ? 480 : 2400;
	const rounds = quick ? 1 : 3;
	const results = await alternate(['incremental', 'whole screen'] as const, rounds, (variant, warmUp) => run(warmUp ? 240 : flushes, variant));
	const incremental = results.get('incremental')!;
	const whole = results.get('whole screen')!;
	const line = (name: string, result: Result): string => `  ${name.padEnd(12)}: ${result.msPerUpdate.toFixed(3)} ms/flush, ${(result.bytesPerUpdate / 1024).toFixed(2)} KB/flush, ${(result.msPerUpdate * 240 / 10).toFixed(2)}% of a core at 240 flushes/s`;
	console.log(`compositor, 16-camera wall: ${COLUMNS}x${ROWS}, 16 tiles ${TILES[0]!.width}x${TILES[0]!.height}, one tile's new picture a flush (noise ±3, a small object moving), chrome every ${CHROME_EVERY}th, ${flushes} flushes, fastest of ${rounds} alternating rounds`);
	console.log(line('incremental', incremental));
	console.log(line('whole screen', whole));
	console.log(`  ratio       : ${(whole.msPerUpdate / incremental.msPerUpdate).toFixed(2)}x less time per flush than composing and comparing the whole screen`);
}
