import {Compositor} from '../../source/render/compositor.js';
import type {CellSize} from '../../source/render/image-pixels.js';
import {ScreenModel} from './screen-model.js';

/**
A compositor whose terminal is the strict screen model: every write is applied at once and
taken whole (no backpressure), with an empty chrome so video is all there is to see.
*/
export function modelTerminal(columns: number, rows: number, options: {cellSize?: CellSize} = {}): {model: ScreenModel; compositor: Compositor} {
	const model = new ScreenModel(columns, rows, options);
	const compositor = new Compositor({
		write(data: string) {
			model.apply(data);
			return true;
		},
		once: () => undefined,
	}, columns, rows);
	compositor.setChrome('');
	return {model, compositor};
}
