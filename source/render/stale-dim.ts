import type {Pixels} from './downsample.js';
import type {PictureTransform} from './tile-painting.js';

/**
How bright a stale picture is drawn (issue 6: a stalled tile shows its last frame dimmed).
Dark enough to read as "not live" at a glance, light enough that the scene is still there.
*/
export const STALE_BRIGHTNESS = 0.4;

/** channel → channel × brightness, rounded: one table lookup per byte instead of a multiply. */
function table(brightness: number): Uint8Array {
	const lookup = new Uint8Array(256);
	for (let value = 0; value < 256; value++) {
		lookup[value] = Math.round(value * brightness);
	}

	return lookup;
}

const staleTable = table(STALE_BRIGHTNESS);

/**
The same picture with every channel scaled by `brightness` (0–1), in a new buffer: the
decoded pixels stay as they were. Done on the pixels, before any encoder, so every mode
shows it: text modes get darker cell colours (ASCII a sparser ramp), image modes paint
the dimmed picture once, like any other frame.
*/
export function dimPixels<T extends Pixels>(pixels: T, brightness = STALE_BRIGHTNESS): T {
	const lookup = brightness === STALE_BRIGHTNESS ? staleTable : table(Math.min(1, Math.max(0, brightness)));
	const {data} = pixels;
	const out = new Uint8Array(data.length);
	for (let index = 0; index < data.length; index++) {
		out[index] = lookup[data[index]!]!;
	}

	return {...pixels, data: out};
}

/** What the watcher needs of a camera: whether its picture is stale, and word of changes. */
export type StaleSource = {
	readonly stale: boolean;
	subscribe(listener: () => void): () => void;
};

/**
Call `apply` with the dimming transform when `source` turns stale and with undefined when
it is live again (and once at the start if it is already stale): the render loop's
setTransform redraws the last picture at once, since a stalled camera sends no new frame.
Only changes are passed on, so the per-frame notifications of a live camera cost a compare.
Returns the unsubscribe.
*/
export function watchStale(source: StaleSource, apply: (transform: PictureTransform | undefined) => void): () => void {
	let stale = source.stale;
	if (stale) {
		apply(dimPixels);
	}

	return source.subscribe(() => {
		if (source.stale !== stale) {
			stale = source.stale;
			apply(stale ? dimPixels : undefined);
		}
	});
}
