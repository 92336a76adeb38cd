import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import {until} from '../helpers/until.js';
import type {Rgb} from './fixtures/image-blocks.js';

/*
Helpers for the real-terminal image checks (kitty-terminal.test.ts, mlterm-iterm2.test.ts):
an Xvfb display of our own, screenshots with ImageMagick's `import` read back with sharp,
and comparisons of a screenshot's pixels with the picture that was drawn.
*/

export type Shot = {data: Buffer; width: number; height: number};
export type Box = {x0: number; y0: number; x1: number; y1: number; count: number};

/** Which of `tools` are not on PATH. */
export function missingTools(tools: string[]): string[] {
	return tools.filter(tool => spawnSync('sh', ['-c', `command -v ${tool}`]).status !== 0);
}

/** Start Xvfb on a free display (it writes the number to fd 3). */
export async function startXvfb(): Promise<{process: ChildProcess; display: string}> {
	const xvfb = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '800x600x24', '-nolisten', 'tcp'], {stdio: ['ignore', 'ignore', 'ignore', 'pipe']});
	let number = '';
	xvfb.stdio[3]!.on('data', (chunk: Buffer) => {
		number += chunk.toString();
	});
	try {
		await until(() => number.includes('\n') || xvfb.exitCode !== null, 'Xvfb to start', 20_000, 50);
	} catch (error) {
		xvfb.kill();
		throw error;
	}

	if (!number.includes('\n')) {
		throw new Error(`Xvfb exited with ${String(xvfb.exitCode)}`);
	}

	return {process: xvfb, display: `:${number.trim()}`};
}

/** Stop a child we started (by its PID) and wait, bounded, for it to be gone; SIGKILL if it lingers. */
export async function stop(child: ChildProcess | undefined): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) {
		return;
	}

	child.kill();
	try {
		await until(() => child.exitCode !== null || child.signalCode !== null, `process ${String(child.pid)} to exit`, 5000, 20);
	} catch {
		child.kill('SIGKILL');
	}
}

/** The whole display as RGB. `CAMTOP_KEEP_SCREENSHOTS=<dir>` keeps a copy. */
export async function screenshot(display: string, directory: string, name: string): Promise<Shot> {
	const file = path.join(directory, `${name}.png`);
	const result = spawnSync('import', ['-display', display, '-window', 'root', file], {timeout: 20_000});
	if (result.status !== 0) {
		throw new Error(`import failed: ${String(result.stderr)}`);
	}

	const {data, info} = await sharp(file).removeAlpha().raw().toBuffer({resolveWithObject: true});
	if (process.env['CAMTOP_KEEP_SCREENSHOTS']) {
		writeFileSync(path.join(process.env['CAMTOP_KEEP_SCREENSHOTS'], `${name}.png`), readFileSync(file));
	}

	return {data, width: info.width, height: info.height};
}

/**
Screenshots until `accept` holds (a terminal paints a moment after the write) or `timeoutMs`
passes (at most 200 screenshots); returns the last one for the caller's assertions.
*/
export async function screenshotUntil(display: string, directory: string, name: string, accept: (shot: Shot) => boolean, timeoutMs = 20_000): Promise<Shot> {
	const deadline = Date.now() + timeoutMs;
	let shot = await screenshot(display, directory, name);
	for (let attempt = 1; attempt < 200 && Date.now() < deadline && !accept(shot); attempt++) {
		await new Promise(resolve => setTimeout(resolve, 100));
		shot = await screenshot(display, directory, name);
	}

	return shot;
}

/** Bounding box and count of the pixels within `tolerance` of `color` in every channel. */
export function box(shot: Shot, color: Rgb, tolerance = 8): Box {
	let x0 = Number.POSITIVE_INFINITY;
	let y0 = Number.POSITIVE_INFINITY;
	let x1 = -1;
	let y1 = -1;
	let count = 0;
	for (let y = 0; y < shot.height; y++) {
		for (let x = 0; x < shot.width; x++) {
			const p = ((y * shot.width) + x) * 3;
			if (Math.abs(shot.data[p]! - color[0]) <= tolerance && Math.abs(shot.data[p + 1]! - color[1]) <= tolerance && Math.abs(shot.data[p + 2]! - color[2]) <= tolerance) {
				x0 = Math.min(x0, x);
				y0 = Math.min(y0, y);
				x1 = Math.max(x1, x);
				y1 = Math.max(y1, y);
				count++;
			}
		}
	}

	return {x0, y0, x1, y1, count};
}

/** The `width` × `height` pixels of `shot` from (`left`, `top`). */
export function crop(shot: Shot, left: number, top: number, width: number, height: number): Shot {
	const data = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		shot.data.copy(data, y * width * 3, (((top + y) * shot.width) + left) * 3, (((top + y) * shot.width) + left + width) * 3);
	}

	return {data, width, height};
}

/** How a crop differs from the expected RGB pixels of the same size: mean absolute difference per channel, and the share of pixels off by more than 48 in some channel. */
export function difference(shot: Shot, expected: Uint8Array): {mean: number; offShare: number} {
	let sum = 0;
	let off = 0;
	for (let p = 0; p < expected.length; p += 3) {
		let worst = 0;
		for (let c = 0; c < 3; c++) {
			const delta = Math.abs(shot.data[p + c]! - expected[p + c]!);
			sum += delta;
			worst = Math.max(worst, delta);
		}

		if (worst > 48) {
			off++;
		}
	}

	return {mean: sum / expected.length, offShare: off / (expected.length / 3)};
}
