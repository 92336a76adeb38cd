import type {Pixels} from './downsample.js';
import type {VideoSink} from './render-mode.js';

/**
Applied to a tile's decoded pixels before they are drawn, e.g. to dim the last picture of
a stalled camera. Must return a new Pixels of the same size and leave its input unchanged
(the loop keeps the input to draw it again).
*/
export type PictureTransform = (pixels: Pixels) => Pixels;

/**
The sink as one paint sees it: pictures land only while the paint is still current (the
tile has not been moved, resized, hidden or switched to another mode since the paint
started), so a slow decode never draws a stale picture over a fresh one. Removal and
flushes are not the paint's business.
*/
export function currentOnly(sink: VideoSink, current: () => boolean): VideoSink {
	return {
		setVideo(id, target, draw) {
			if (current()) {
				sink.setVideo(id, target, draw);
			}
		},
		setImage: sink.setImage && ((id, target, painter) => {
			if (current()) {
				sink.setImage!(id, target, painter);
			}
		}),
		removeVideo(id) {
			sink.removeVideo(id);
		},
		flush: () => 0,
	};
}

/** The picture to draw: the decoded pixels, through the tile's transform when it has one. */
export function applyTransform(pixels: Pixels, transform: PictureTransform | undefined): Pixels {
	return transform === undefined ? pixels : transform(pixels);
}
