import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import assert from 'node:assert/strict';
import {until} from '../helpers/until.js';
import {blocks, FRAME_1, FRAME_2, OVERLAY, TILE, type Rgb} from './fixtures/image-blocks.js';
import {box, crop, difference, screenshotUntil, type Shot} from './x-screen.js';

/*
The test side of fixtures/image-in-terminal.ts, shared by the kitty and mlterm checks: steps
the driver through place → replace → overlay → restore → quit, screenshots each state and
compares the tile's pixels with the source picture drawn at the screen's pixel size (without
the fixture's ±3 steps of noise, which the tolerances allow for).
*/

export type Step = 'placed' | 'replaced' | 'covered' | 'restored' | 'quit';
const STEPS: Step[] = ['placed', 'replaced', 'covered', 'restored', 'quit'];

/** What the driver wrote to step-N.json: detection (step 1 only) and the image commands written in that step. */
export type StepInfo = {
	mode?: string;
	reason?: string;
	version?: string;
	cell?: {width: number; height: number};
	cellSizeReported?: boolean;
	commands: Record<string, number>;
};

export type CheckOptions = {
	directory: string;
	display: string;
	shotPrefix: string;
	/** Whether the terminal still runs: a terminal that died fails at once instead of at the step timeout. */
	alive: () => boolean;
	/** How far the tile may be from the source picture: mean absolute difference per channel, share of pixels off by more than 48. */
	tolerance: {mean: number; offShare: number};
};

/** Colours are found within this distance per channel (a JPEG or a scaled picture moves them a little). */
const FIND = 40;
const STEP_TIMEOUT_MS = 60_000;

export async function checkImageTile(options: CheckOptions, onStep: (step: Step, info: StepInfo) => void): Promise<void> {
	const {directory, display, shotPrefix, tolerance, alive} = options;
	const shoot = async (name: string, accept: (shot: Shot) => boolean) => screenshotUntil(display, directory, `${shotPrefix}-${name}`, accept);
	let index = 0;
	const next = async (): Promise<StepInfo> => {
		if (index > 0) {
			writeFileSync(path.join(directory, `go-${index}`), '');
		}

		index++;
		const file = path.join(directory, `step-${index}.json`);
		await until(() => existsSync(file) || !alive(), `the driver's step ${index} (${STEPS[index - 1]!})`, STEP_TIMEOUT_MS, 50);
		assert.ok(existsSync(file), `the terminal exited before step ${index} (${STEPS[index - 1]!})`);
		const info = JSON.parse(readFileSync(file, 'utf8')) as StepInfo;
		onStep(STEPS[index - 1]!, info);
		return info;
	};

	const first = await next();
	assert.ok(first.cell, 'the driver reports the cell size');
	const cell = first.cell;
	const width = TILE.width * cell.width;
	const height = TILE.height * cell.height;
	const blockArea = (width / 4) * (height / 2);
	// Located by the top-left block's colour: the terminal's window may start a few pixels in.
	let shot = await shoot('placed', candidate => box(candidate, FRAME_1[0]!, FIND).count >= blockArea * 0.9);
	const corner = box(shot, FRAME_1[0]!, FIND);
	const left = corner.x0;
	const top = corner.y0;
	assert.ok(left - (TILE.x * cell.width) >= 0 && left - (TILE.x * cell.width) <= 8, `the tile starts at column ${TILE.x} (x ${left}, cell ${cell.width} px)`);
	assert.ok(top - (TILE.y * cell.height) >= 0 && top - (TILE.y * cell.height) <= 8, `the tile starts at row ${TILE.y} (y ${top}, cell ${cell.height} px)`);
	const matches = (candidate: Shot, colors: Rgb[]) => {
		const result = difference(crop(candidate, left, top, width, height), blocks(colors, width, height));
		return result.mean <= tolerance.mean && result.offShare <= tolerance.offShare;
	};

	const assertTile = (candidate: Shot, colors: Rgb[], what: string) => {
		const result = difference(crop(candidate, left, top, width, height), blocks(colors, width, height));
		assert.ok(result.mean <= tolerance.mean && result.offShare <= tolerance.offShare, `${what}: mean difference ${result.mean.toFixed(2)}, ${(result.offShare * 100).toFixed(2)} % of pixels off`);
		// Nothing of the picture outside the tile's cells.
		for (const color of colors) {
			const found = box(candidate, color, FIND);
			assert.ok(found.x0 >= left && found.x1 < left + width && found.y0 >= top && found.y1 < top + height, `${what}: ${color.join(',')} only inside the tile`);
		}
	};

	assertTile(shot, FRAME_1, 'placed');

	await next();
	shot = await shoot('replaced', candidate => matches(candidate, FRAME_2));
	assertTile(shot, FRAME_2, 'replaced');

	await next();
	const overlayLeft = left + ((OVERLAY.x - TILE.x) * cell.width);
	const overlayTop = top + ((OVERLAY.y - TILE.y) * cell.height);
	const under = (candidate: Shot) => crop(candidate, overlayLeft, overlayTop, OVERLAY.width * cell.width, OVERLAY.height * cell.height);
	shot = await shoot('covered', candidate => FRAME_2.every(color => box(under(candidate), color, FIND).count === 0));
	for (const color of FRAME_2) {
		assert.equal(box(under(shot), color, FIND).count, 0, `no ${color.join(',')} under the overlay's cells`);
	}

	// Around the overlay the tile shows the same picture as half-block cells: sample each
	// cell's upper and lower half away from glyph edges.
	const expected = blocks(FRAME_2, width, height);
	for (let row = 0; row < TILE.height; row++) {
		for (let column = 0; column < TILE.width; column++) {
			const inOverlay = column + TILE.x >= OVERLAY.x && column + TILE.x < OVERLAY.x + OVERLAY.width && row + TILE.y >= OVERLAY.y && row + TILE.y < OVERLAY.y + OVERLAY.height;
			if (inOverlay) {
				continue;
			}

			for (const fraction of [0.25, 0.75]) {
				const x = Math.floor((column + 0.5) * cell.width);
				const y = Math.floor((row + fraction) * cell.height);
				const p = ((y * width) + x) * 3;
				const q = (((top + y) * shot.width) + left + x) * 3;
				for (let c = 0; c < 3; c++) {
					assert.ok(Math.abs(shot.data[q + c]! - expected[p + c]!) <= FIND, `cell ${column},${row} of the tile beside the overlay shows the picture`);
				}
			}
		}
	}

	await next();
	shot = await shoot('restored', candidate => matches(candidate, FRAME_2));
	assertTile(shot, FRAME_2, 'restored');

	await next();
	shot = await shoot('quit', candidate => FRAME_2.every(color => box(candidate, color, FIND).count === 0));
	for (const color of FRAME_2) {
		assert.equal(box(shot, color, FIND).count, 0, `no ${color.join(',')} left on screen after quit`);
	}

	writeFileSync(path.join(directory, `go-${index}`), '');
}
