import {Buffer} from 'node:buffer';
import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import {Compositor} from '../../source/render/compositor.js';
import {Iterm2Painter} from '../../source/render/iterm2-painter.js';
import {KittyPainter, KITTY_CHUNK} from '../../source/render/kitty-painter.js';
import {encodeSixel, SixelPainter, sixelColor} from '../../source/render/sixel-painter.js';
import type {Pixels} from '../../source/render/downsample.js';
import type {ImagePainter} from '../../source/render/image-painter.js';
import type {CellSize} from '../../source/render/image-pixels.js';
import {gridDifference, pictureRow} from './grid-read.js';
import {ScreenModel} from './screen-model.js';

const cell: CellSize = {width: 6, height: 12};
const rect = {x: 3, y: 2, width: 8, height: 4};

/** A picture with gradients and a few hard edges, deterministic. */
function picture(width: number, height: number, shift = 0): Pixels {
	const data = new Uint8Array(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const p = ((y * width) + x) * 3;
			data[p] = (x * 5) & 0xFF;
			data[p + 1] = (y * 4) & 0xFF;
			data[p + 2] = ((x + shift) >> 3) % 2 === 0 ? 200 : 30;
		}
	}

	return {data, width, height};
}

/** The source through the fixed sixel palette (what a perfect sixel terminal shows). */
function quantized(pixels: Pixels): Uint8Array {
	const out = new Uint8Array(pixels.data.length);
	for (let p = 0; p < out.length; p += 3) {
		out.set(sixelColor(pixels.data[p]!, pixels.data[p + 1]!, pixels.data[p + 2]!), p);
	}

	return out;
}

/** Largest channel difference between two RGB buffers. */
function maxDifference(a: Uint8Array, b: Uint8Array): number {
	assert.equal(a.length, b.length);
	let most = 0;
	for (let index = 0; index < a.length; index++) {
		most = Math.max(most, Math.abs(a[index]! - b[index]!));
	}

	return most;
}

function setup(columns = 20, rows = 8) {
	const model = new ScreenModel(columns, rows, {cellSize: cell});
	const writes: string[] = [];
	const compositor = new Compositor({
		write(data) {
			writes.push(data);
			model.apply(data);
			return true;
		},
		once: () => undefined,
	}, columns, rows);
	compositor.setChrome(Array.from({length: rows}, () => '.'.repeat(columns)).join('\n'));
	return {model, compositor, writes, images: model.images!};
}

describe('sixel', () => {
	test('decodes (sixel package decoder) to the source through the fixed palette', () => {
		const source = picture(37, 23);
		const {model, images} = setup();
		model.apply('\u001B[?2026h\u001B[2;3H' + encodeSixel(source) + '\u001B[?2026l');
		const event = images.events[0]!;
		assert.equal(event.kind, 'sixel');
		assert.ok(event.kind === 'sixel');
		assert.equal(event.width, 37);
		assert.equal(event.height, 23);
		// Sixel colours are percentages: a register is within 1.3 steps of the palette colour.
		assert.ok(maxDifference(event.pixels, quantized(source)) <= 2);
	});

	test('placed at the tile, then only changed cells are sent again, at their own cells', () => {
		const {model, compositor, writes, images} = setup();
		const painter = new SixelPainter(cell);
		const first = picture(rect.width * cell.width, rect.height * cell.height);
		painter.update(first);
		compositor.setImage('cam', rect, painter);
		compositor.flush();
		assert.ok(maxDifference(images.region(rect.x, rect.y, rect.width, rect.height), quantized(first)) <= 2);
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
		assert.equal(pictureRow(model.grid, 2).slice(3, 11), '\u0000'.repeat(8), 'the cells under the image are the image');

		// Change one cell's pixels: the next flush sends one small sixel at that cell.
		const second = {...first, data: first.data.slice()};
		for (let y = cell.height; y < 2 * cell.height; y++) {
			for (let x = 2 * cell.width; x < 3 * cell.width; x++) {
				second.data.set([255, 255, 255], ((y * second.width) + x) * 3);
			}
		}

		painter.update(second);
		compositor.setImage('cam', rect, painter);
		const before = images.events.length;
		const bytes = compositor.flush();
		assert.equal(images.events.length, before + 1);
		const delta = images.events.at(-1)!;
		assert.ok(delta.kind === 'sixel');
		assert.deepEqual([delta.x, delta.y, delta.width, delta.height], [rect.x + 2, rect.y + 1, cell.width, cell.height]);
		assert.ok(bytes < writes[0]!.length / 10, `delta ${bytes} bytes`);
		assert.ok(maxDifference(images.region(rect.x, rect.y, rect.width, rect.height), quantized(second)) <= 2);
		assert.equal(compositor.flush(), 0);
	});

	test('the help overlay over the tile: cleared and shown as cells, then placed again', () => {
		const {model, compositor, images} = setup();
		const painter = new SixelPainter(cell);
		painter.update(picture(rect.width * cell.width, rect.height * cell.height));
		compositor.setImage('cam', rect, painter);
		compositor.flush();
		compositor.setOverlays([{x: 5, y: 3, width: 4, height: 1}]);
		compositor.flush();
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
		assert.equal(pictureRow(model.grid, 3), '...▀▀....▀▀.........', 'overlay cells win, the rest of the tile is half blocks');
		const placed = images.events.length;
		compositor.setOverlays([]);
		compositor.flush();
		assert.equal(images.events.length, placed + 1, 'the image is placed again');
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
	});
});

function kittyOf(painter: ImagePainter, pixels: Pixels): void {
	(painter as KittyPainter).update(pixels);
}

describe('kitty graphics', () => {
	test('transmits RGB (zlib when it pays) in 4096-byte base64 chunks; decodes to the source exactly', () => {
		const {compositor, writes, images} = setup();
		const painter = new KittyPainter(cell);
		const source = picture(rect.width * cell.width, rect.height * cell.height);
		kittyOf(painter, source);
		compositor.setImage('cam', rect, painter);
		compositor.flush();
		const event = images.events[0]!;
		assert.ok(event.kind === 'kitty');
		assert.equal(event.keys.a, 'T');
		assert.equal(event.keys.o, 'z');
		assert.equal(event.keys.q, '2', 'no replies: stdin belongs to Ink');
		assert.deepEqual([event.x, event.y, event.keys.c, event.keys.r], [rect.x, rect.y, String(rect.width), String(rect.height)]);
		assert.deepEqual(event.payload, source.data);
		// eslint-disable-next-line no-control-regex -- reading the chunks back
		for (const chunk of writes[0]!.matchAll(/\u001B_G[^;]*;([^\u001B]*)\u001B\\/g)) {
			assert.ok(chunk[1]!.length <= KITTY_CHUNK);
		}

		assert.deepEqual(images.region(rect.x, rect.y, rect.width, rect.height), source.data);
	});

	test('replaces changed pixels in place (frame edit), deletes on removal', () => {
		const {model, compositor, images} = setup();
		const painter = new KittyPainter(cell);
		const first = picture(rect.width * cell.width, rect.height * cell.height);
		kittyOf(painter, first);
		compositor.setImage('cam', rect, painter);
		compositor.flush();
		const second = picture(first.width, first.height, 4);
		kittyOf(painter, second);
		compositor.setImage('cam', rect, painter);
		compositor.flush();
		const edits = images.events.slice(1).filter(event => event.kind === 'kitty' && event.keys.a === 'f');
		assert.ok(edits.length > 0, 'a frame edit, not a new image');
		assert.deepEqual(images.region(rect.x, rect.y, rect.width, rect.height), second.data);
		compositor.removeVideo('cam');
		compositor.flush();
		const last = images.events.at(-1)!;
		assert.ok(last.kind === 'kitty' && last.keys.a === 'd' && last.keys.d === 'I' && last.keys.i === String(painter.id));
		assert.equal(pictureRow(model.grid, 2), '.'.repeat(20), 'the chrome is back under the tile');
		assert.equal(gridDifference(model.grid, compositor.screen), undefined);
	});
});

describe('iTerm2 inline images', () => {
	test('sends a JPEG scaled to the tile; it decodes to the source; an unchanged frame is not sent', async () => {
		const {compositor, images} = setup();
		const painter = new Iterm2Painter(cell);
		const source = picture(rect.width * cell.width, rect.height * cell.height);
		assert.equal(await painter.prepare(source), true);
		compositor.setImage('cam', rect, painter);
		compositor.flush();
		const event = images.events[0]!;
		assert.ok(event.kind === 'iterm2');
		assert.deepEqual([event.x, event.y, event.args.width, event.args.height, event.args.inline], [rect.x, rect.y, String(rect.width), String(rect.height), '1']);
		const {data, info} = await sharp(Buffer.from(event.file)).raw().toBuffer({resolveWithObject: true});
		assert.deepEqual([info.width, info.height, info.channels], [source.width, source.height, 3]);
		let error = 0;
		for (let index = 0; index < data.length; index++) {
			error += Math.abs(data[index]! - source.data[index]!);
		}

		assert.ok(error / data.length < 6, `mean error ${error / data.length}`);
		assert.equal(await painter.prepare({...source, data: source.data.slice()}), false);
		compositor.setImage('cam', rect, painter);
		assert.equal(compositor.flush(), 0);
	});
});
