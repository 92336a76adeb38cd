import {describe, test} from 'node:test';
import assert from 'node:assert/strict';
import {Compositor} from '../../source/render/compositor.js';
import type {Downsampled} from '../../source/render/downsample.js';
import {RenderLoop, type VideoSource} from '../../source/render/render-loop.js';
import type {Frame} from '../../source/ingest/types.js';
import {computeLayout} from '../../source/ui/layout.js';
import {until} from '../helpers/until.js';

const rect = {x: 0, y: 0, width: 8, height: 4};

class Source implements VideoSource {
	latest: {frame: Frame; seq: number} | undefined;

	show(data: Uint8Array, seq: number) {
		this.latest = {frame: {data, headers: []}, seq};
	}
}

/** A decoder that records which frames it was given and answers with a grey picture. */
function recordingDecoder() {
	const decoded: Uint8Array[] = [];
	const decode = async (jpeg: Uint8Array, width: number, height: number): Promise<Downsampled> => {
		decoded.push(jpeg);
		return Promise.resolve({data: new Uint8Array(width * height * 3).fill(128), width, height, sourceWidth: width, sourceHeight: height});
	};

	return {decoded, decode};
}

function sink() {
	const compositor = new Compositor({write: () => true, once: () => undefined}, 40, 12);
	compositor.setChrome('');
	return compositor;
}

const turn = async () => new Promise(resolve => {
	setImmediate(resolve);
});


describe('RenderLoop pacing and decode-on-arrival', () => {
	test('a frame that arrives is decoded on the next turn, not at the next timer tick; frames faster than the cap wait', async () => {
		let clock = 1000;
		const {decoded, decode} = recordingDecoder();
		// fps 1: the timer ticks once a second, so a decode within a turn can only come from frameArrived().
		const loop = new RenderLoop({sink: sink(), fps: 1, decode, now: () => clock});
		const source = new Source();
		const first = new Uint8Array([1]);
		source.show(first, 1);
		loop.setTiles([{id: 'a', rect, source}]);
		loop.start();
		await until(() => loop.stats().rendered === 1, 'the first picture');
		assert.deepEqual(decoded, [first]);

		// Half a period later (the earliest the pacing allows), a new frame is decoded as soon as it is announced.
		clock += 500;
		const second = new Uint8Array([2]);
		source.show(second, 2);
		loop.frameArrived();
		await turn();
		await turn();
		assert.deepEqual(decoded, [first, second]);
		await until(() => loop.stats().rendered === 2, 'the second picture');

		// Too soon after the last start (no fake time passed): the frame waits for its turn.
		source.show(new Uint8Array([3]), 3);
		loop.frameArrived();
		await turn();
		await turn();
		assert.equal(decoded.length, 2);

		// Once due, the newest frame is taken; the one in between is counted as dropped, never decoded.
		const fourth = new Uint8Array([4]);
		source.show(fourth, 4);
		clock += 1000;
		loop.frameArrived();
		await until(() => decoded.length === 3, 'the newest frame');
		assert.equal(decoded[2], fourth);
		assert.equal(loop.stats().dropped, 1);
		loop.stop();
	});

	test('cameras not on screen are never decoded: the focus view decodes the focused camera only, the grid all', async () => {
		const {decoded, decode} = recordingDecoder();
		const loop = new RenderLoop({sink: sink(), fps: 15, decode});
		const sources = Array.from({length: 16}, () => new Source());
		// As monitor.tsx's onLayout: one video tile per laid-out camera.
		const show = (view: 'grid' | 'focus') => {
			const layout = computeLayout({columns: 160, rows: 48, cameraCount: 16, view, selected: 5, helpOpen: false});
			loop.setTiles(layout.tiles.map(tile => ({id: String(tile.index), rect: tile.video, source: sources[tile.index]!})));
		};

		const frames = (seq: number) => sources.map((source, index) => {
			const frame = new Uint8Array([index, seq]);
			source.show(frame, seq);
			return frame;
		});

		show('focus');
		loop.start();
		for (let seq = 1; seq <= 3; seq++) {
			const sent = frames(seq);
			loop.frameArrived();
			await until(() => decoded.includes(sent[5]!), `focused frame ${seq}`);
		}

		assert.ok(decoded.every(frame => frame[0] === 5), 'only camera 5 was decoded');

		show('grid');
		const sent = frames(4);
		loop.frameArrived();
		await until(() => sent.every(frame => decoded.includes(frame)), 'every camera in the grid');
		loop.stop();
	});
});
