import type {SplitterLike} from '../../source/camera/camera.js';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';

/**
The real FrameSplitter, plus a copy of every frame it hands the camera. The camera keeps
only the newest frame, so this is how a test sees all of them.
*/
export function recordingSplitter() {
	const frames: Buffer[] = [];
	const create = (contentType: string | undefined): SplitterLike => {
		const inner = new FrameSplitter(contentType === undefined ? {} : {contentType});
		return {
			push(chunk) {
				const out = inner.push(chunk);
				frames.push(...out.map(frame => Buffer.from(frame.data)));
				return out;
			},
			end() {
				const out = inner.end();
				frames.push(...out.map(frame => Buffer.from(frame.data)));
				return out;
			},
			get stats() {
				return inner.stats;
			},
		};
	};

	return {frames, create};
}
