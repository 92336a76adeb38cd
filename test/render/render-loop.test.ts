import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {RenderLoop, type VideoSource} from '../../source/render/render-loop.js';
import type {Frame} from '../../source/ingest/types.js';
import type {ScreenModel} from './screen-model.js';
import { decodeHalfBlocks, pictureRow} from './screen-model.js';
import {until} from '../helpers/until.js';
import {modelTerminal} from './model-terminal.js';

const rect = {x: 2, y: 1, width: 16, height: 9};

async function solidJpeg(red: number, green: number, blue: number): Promise<Uint8Array> {
	return sharp({create: {width: 320, height: 180, channels: 3, background: {r: red, g: green, b: blue}}}).jpeg({quality: 95}).toBuffer();
}

class Source implements VideoSource {
	latest: {frame: Frame; seq: number} | undefined;

	show(data: Uint8Array, seq: number) {
		this.latest = {frame: {data, headers: []}, seq};
	}
}

function setup(decode?: ConstructorParameters<typeof RenderLoop>[0]['decode']) {
	const {model, compositor} = modelTerminal(40, 12);
	const loop = new RenderLoop({sink: compositor, fps: 15, ...(decode ? {decode} : {})});
	return {model, compositor, loop};
}


function centrePixel(model: ScreenModel): [number, number, number] {
	const pixels = decodeHalfBlocks(model.grid, rect);
	const index = ((rect.height * rect.width) + (rect.width / 2)) * 3;
	return [pixels[index]!, pixels[index + 1]!, pixels[index + 2]!];
}

const near = (actual: number[], expected: number[]) => actual.every((value, index) => Math.abs(value - expected[index]!) <= 6);

describe('RenderLoop', () => {
	test('paints the newest frame into the tile and counts the frames it skipped', async () => {
		const {model, loop} = setup();
		const source = new Source();
		source.show(await solidJpeg(200, 30, 30), 1);
		loop.setTiles([{id: 'a', rect, source}]);
		await until(() => loop.stats().rendered === 1 && near(centrePixel(model), [200, 30, 30]), 'red picture');
		assert.equal(loop.stats().dropped, 0);

		// Frames 2, 3 and 4 arrive while nobody draws: only 5 is decoded.
		source.show(await solidJpeg(30, 30, 200), 5);
		loop.tick();
		await until(() => loop.stats().rendered === 2 && near(centrePixel(model), [30, 30, 200]), 'blue picture');
		assert.equal(loop.stats().dropped, 3);
		// The same per tile, for the camera's stats panel.
		assert.deepEqual(loop.tileStats('a'), {rendered: 2, dropped: 3});
		assert.equal(loop.tileStats('b'), undefined);

		// Nothing new: no decode.
		loop.tick();
		await new Promise(resolve => setImmediate(resolve));
		assert.equal(loop.stats().rendered, 2);
		loop.stop();
	});

	test('a new rectangle redraws the same frame at the new size; a hidden tile loses its video', async () => {
		const {model, loop, compositor} = setup();
		const source = new Source();
		source.show(await solidJpeg(20, 180, 20), 1);
		loop.setTiles([{id: 'a', rect, source}]);
		await until(() => loop.stats().rendered === 1, 'first picture');
		const moved = {x: 0, y: 0, width: 8, height: 4};
		loop.setTiles([{id: 'a', rect: moved, source}]);
		await until(() => loop.stats().rendered === 2, 'picture at the new size');
		assert.equal(pictureRow(model.grid, 0)[0], '▀');
		assert.notEqual(pictureRow(model.grid, 5)[10], '▀');
		loop.setTiles([]);
		compositor.flush();
		assert.notEqual(pictureRow(model.grid, 0)[0], '▀');
		loop.stop();
	});

	test('a frame that fails to decode is counted once and not retried', async () => {
		const source = new Source();
		source.show(new Uint8Array([0xFF, 0xD8, 0xFF, 0xD9]), 1);
		const errors: string[] = [];
		const withErrors = new RenderLoop({sink: setup().compositor, fps: 15, onDecodeError: id => errors.push(id)});
		withErrors.setTiles([{id: 'bad', rect, source}]);
		await until(() => withErrors.stats().decodeErrors === 1, 'decode error');
		withErrors.tick();
		await new Promise(resolve => setTimeout(resolve, 20));
		assert.equal(withErrors.stats().decodeErrors, 1);
		assert.deepEqual(errors, ['bad']);
		withErrors.stop();
	});

	test('never has two decodes of one tile in flight', async () => {
		let inFlight = 0;
		let most = 0;
		const slow = async (jpeg: Uint8Array, width: number, height: number) => {
			inFlight++;
			most = Math.max(most, inFlight);
			const {downsample} = await import('../../source/render/downsample.js');
			const pixels = await downsample(jpeg, width, height);
			await new Promise(resolve => setTimeout(resolve, 20));
			inFlight--;
			return pixels;
		};

		const {loop} = setup(slow);
		const source = new Source();
		const jpeg = await solidJpeg(90, 90, 90);
		loop.setTiles([{id: 'a', rect, source}]);
		for (let seq = 1; seq <= 10; seq++) {
			source.show(jpeg, seq);
			loop.tick();
		}

		await until(() => inFlight === 0 && loop.stats().rendered >= 1, 'decodes to finish');
		assert.equal(most, 1);
		assert.equal(loop.stats().rendered, 1);
		// The next tick takes the newest frame (10); 2 to 9 were never decoded.
		loop.tick();
		await until(() => inFlight === 0 && loop.stats().rendered === 2, 'the newest frame');
		assert.equal(loop.stats().dropped, 8);
		loop.stop();
	});
});
