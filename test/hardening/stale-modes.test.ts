/*
A stale picture is dimmed in every render mode: the real RenderLoop and Compositor draw a
frame, the stale transform (dimPixels) is applied without a new frame, and what a terminal
would show (the strict screen model; sixel, kitty and iTerm2 pictures decoded) gets darker
by about STALE_BRIGHTNESS, then back to full brightness when the transform is removed.
*/
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {ASCII_RAMP} from '../../source/render/cell-encoders.js';
import type {CellSize} from '../../source/render/image-pixels.js';
import {RenderLoop, type VideoSource} from '../../source/render/render-loop.js';
import {RENDER_MODES, type RenderMode} from '../../source/render/render-mode.js';
import {STALE_BRIGHTNESS, dimPixels} from '../../source/render/stale-dim.js';
import type {ScreenModel} from '../render/screen-model.js';
import {decodeHalfBlocks} from '../render/grid-read.js';
import {until} from '../helpers/until.js';
import {modelTerminal} from '../render/model-terminal.js';

const cell: CellSize = {width: 6, height: 12};
const rect = {x: 2, y: 1, width: 16, height: 8};

/** A bright gradient (channels 120–240), so a dimmed copy is far from it in every palette. */
async function gradientJpeg(): Promise<Uint8Array> {
	const width = 192;
	const height = 96;
	const data = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			data.set([120 + Math.round((x / width) * 120), 240 - Math.round((y / height) * 100), 180], ((y * width) + x) * 3);
		}
	}

	return sharp(data, {raw: {width, height, channels: 3}}).jpeg({quality: 95}).toBuffer();
}

const mean = (data: Uint8Array): number => data.reduce((sum, value) => sum + value, 0) / data.length;

/** How bright the tile looks in `mode`, 0–255 (ASCII: the ramp position scaled to 0–255). */
async function brightness(model: ScreenModel, mode: RenderMode): Promise<number> {
	switch (mode) {
		case 'sixel': {
			return mean(model.images!.region(rect.x, rect.y, rect.width, rect.height));
		}

		case 'kitty': {
			// Kitty pictures are sent at a reduced pixel size and scaled by the terminal: read the image itself (frame edits applied).
			const image = [...model.images!.kittyImages.values()].at(-1);
			return image === undefined ? 0 : mean(image.data);
		}

		case 'iterm2': {
			const event = model.images!.events.at(-1);
			assert.ok(event?.kind === 'iterm2');
			return mean(await sharp(event.file).removeAlpha().raw().toBuffer());
		}

		case 'ascii': {
			let sum = 0;
			for (let y = rect.y; y < rect.y + rect.height; y++) {
				for (let x = rect.x; x < rect.x + rect.width; x++) {
					sum += ASCII_RAMP.indexOf(model.grid.chars[(y * model.grid.width) + x]!);
				}
			}

			return (sum / (rect.width * rect.height)) * (255 / (ASCII_RAMP.length - 1));
		}

		case 'truecolor':
		case '256':
		case '16': {
			return mean(decodeHalfBlocks(model.grid, rect));
		}
	}
}

/** Poll `read` until `done` holds of its value; returns the value. Bounded by `timeoutMs`. */
async function settle(read: () => Promise<number>, done: (value: number) => boolean, what: string, timeoutMs = 5000): Promise<number> {
	const deadline = Date.now() + timeoutMs;
	let value = await read();
	while (!done(value)) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what} (last ${value.toFixed(1)})`);
		}

		await new Promise(resolve => setTimeout(resolve, 5));
		value = await read();
	}

	return value;
}

const jpeg = await gradientJpeg();

/** A tile drawing `jpeg` in `mode` on a model terminal of its own, through `transform` from its first picture when given. */
function drawTile(mode: RenderMode, transform?: typeof dimPixels) {
	const {model, compositor} = modelTerminal(40, 12, {cellSize: cell});
	const loop = new RenderLoop({sink: compositor, fps: 15, mode, cellSize: cell});
	const source: VideoSource = {latest: {frame: {data: jpeg, headers: []}, seq: 1}};
	const read = async () => (mode === 'iterm2' && model.images!.events.length === 0 ? 0 : brightness(model, mode));
	if (transform) {
		loop.setTransform('cam', transform);
	}

	loop.setTiles([{id: 'cam', rect, source}]);
	return {loop, read};
}

describe('a stale picture is drawn dimmed in every render mode', () => {
	for (const mode of RENDER_MODES) {
		test(mode, async t => {
			const {loop, read} = drawTile(mode);
			await until(() => loop.stats().rendered === 1, 'the first picture', 10_000);
			// The picture is letterboxed (2:1 in a square), so half the tile stays black.
			const live = await settle(read, value => value > 50, `${mode}: the picture on screen`);

			// The camera stalls: no new frame, the same picture drawn dimmed.
			loop.setTransform('cam', dimPixels);
			const dimmed = await settle(read, value => value < live * 0.8, `${mode}: the picture dimmed`);
			t.diagnostic(`${mode}: ${live.toFixed(1)} → ${dimmed.toFixed(1)} (×${(dimmed / live).toFixed(2)})`);
			assert.equal(loop.stats().rendered, 1, 'the same frame, drawn again: not a new picture');

			// What this mode makes of the dimmed picture: the same frame drawn dimmed from the start,
			// on a terminal of its own. The stale redraw must show exactly that (not dimmed twice,
			// not half-dimmed, not the live picture).
			const reference = drawTile(mode, dimPixels);
			await until(() => reference.loop.stats().rendered === 1, `${mode}: the reference picture`, 10_000);
			const expected = await settle(reference.read, value => value > live * 0.1, `${mode}: the reference picture on screen`);
			reference.loop.stop();
			assert.ok(Math.abs(dimmed - expected) <= live * 0.01, `${mode}: stale ${dimmed.toFixed(1)}, the dimmed picture drawn afresh ${expected.toFixed(1)}`);
			// Truecolor and kitty/iTerm2 keep the ratio. Palettes (256, 16, ASCII, sixel's) round the
			// dimmed colours to their steps: 16 colours have few dark ones (×0.65 for this picture),
			// so there the ratio is what the palette makes of it, checked just above.
			if (mode === 'truecolor' || mode === 'kitty' || mode === 'iterm2') {
				assert.ok(Math.abs((dimmed / live) - STALE_BRIGHTNESS) <= 0.05, `${mode}: ${live.toFixed(1)} → ${dimmed.toFixed(1)} (ratio ${(dimmed / live).toFixed(2)})`);
			}

			// Live again: full brightness.
			loop.setTransform('cam', undefined);
			await settle(read, value => value > live * 0.95, `${mode}: bright again`);
			loop.stop();
		});
	}
});
