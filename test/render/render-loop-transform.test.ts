import {test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import type {Pixels} from '../../source/render/downsample.js';
import {RenderLoop, type VideoSource} from '../../source/render/render-loop.js';
import type {Frame} from '../../source/ingest/types.js';
import type {ScreenModel} from './screen-model.js';
import { decodeHalfBlocks} from './screen-model.js';
import {until} from '../helpers/until.js';
import {modelTerminal} from './model-terminal.js';

const rect = {x: 2, y: 1, width: 16, height: 9};

async function solidJpeg(red: number, green: number, blue: number): Promise<Uint8Array> {
	return sharp({create: {width: 320, height: 180, channels: 3, background: {r: red, g: green, b: blue}}}).jpeg({quality: 95}).toBuffer();
}

function centre(model: ScreenModel): number[] {
	const pixels = decodeHalfBlocks(model.grid, rect);
	const index = ((rect.height * rect.width) + (rect.width / 2)) * 3;
	return [pixels[index]!, pixels[index + 1]!, pixels[index + 2]!];
}

const near = (actual: number[], expected: number[]) => actual.every((value, index) => Math.abs(value - expected[index]!) <= 8);

const halve = (pixels: Pixels): Pixels => ({...pixels, data: pixels.data.map(value => value >> 1)});

test('setTransform redraws the last picture through the transform at once, and every later picture too', async () => {
	const {model, compositor} = modelTerminal(40, 12);
	const loop = new RenderLoop({sink: compositor, fps: 15});
	let latest: {frame: Frame; seq: number} | undefined = {frame: {data: await solidJpeg(200, 40, 40), headers: []}, seq: 1};
	const source: VideoSource = {
		get latest() {
			return latest;
		},
	};
	const blue = await solidJpeg(40, 40, 200);

	// Before any picture: nothing to redraw, but the transform is kept for the first one.
	loop.setTransform('a', halve);
	loop.setTiles([{id: 'a', rect, source}]);
	await until(() => loop.stats().rendered === 1 && near(centre(model), [100, 20, 20]), 'the first picture, halved');

	// No new frame (a stalled camera): the same picture is drawn again, undimmed.
	loop.setTransform('a', undefined);
	await until(() => near(centre(model), [200, 40, 40]), 'the picture as decoded');
	loop.setTransform('a', halve);
	await until(() => near(centre(model), [100, 20, 20]), 'the picture halved again');
	assert.equal(loop.stats().rendered, 1, 'a redraw is not a new picture');

	latest = {frame: {data: blue, headers: []}, seq: 2};
	loop.tick();
	await until(() => loop.stats().rendered === 2 && near(centre(model), [20, 20, 100]), 'the next frame, halved');

	// A new size redraws the newest frame, still through the transform.
	loop.setTiles([{id: 'a', rect: {...rect}, source}]);
	loop.setTiles([{id: 'a', rect: {...rect, x: 3}, source}]);
	await until(() => loop.stats().rendered === 3, 'the picture at its new place');
	loop.stop();
});

test('a transform set while a decode is in flight still shows when that decode fails', async () => {
	const {model, compositor} = modelTerminal(40, 12);
	const red = {data: new Uint8Array(rect.width * rect.height * 2 * 3).fill(200), width: rect.width, height: rect.height * 2, sourceWidth: 320, sourceHeight: 180};
	let fail: ((error: Error) => void) | undefined;
	let calls = 0;
	const loop = new RenderLoop({
		sink: compositor,
		fps: 15,
		async decode() {
			calls++;
			return calls === 1 ? red : new Promise((_resolve, reject) => {
				fail = reject;
			});
		},
	});
	let latest: {frame: Frame; seq: number} | undefined = {frame: {data: new Uint8Array(1), headers: []}, seq: 1};
	const source: VideoSource = {
		get latest() {
			return latest;
		},
	};
	loop.setTiles([{id: 'a', rect, source}]);
	await until(() => loop.stats().rendered === 1 && near(centre(model), [200, 200, 200]), 'the first picture');

	latest = {frame: {data: new Uint8Array(1), headers: []}, seq: 2};
	loop.tick();
	await until(() => fail !== undefined, 'the second decode to start');
	loop.setTransform('a', halve);
	fail!(new Error('corrupt frame'));
	await until(() => loop.stats().decodeErrors === 1 && near(centre(model), [100, 100, 100]), 'the last picture redrawn halved');
	assert.equal(loop.stats().rendered, 1);
	loop.stop();
});
