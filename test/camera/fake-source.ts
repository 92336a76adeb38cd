import type {SourceOpener, SplitterLike} from '../../source/camera/camera-options.js';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import type {HttpSourceHandlers, HttpSourceOptions} from '../../source/ingest/http-source.js';
import type {Frame, SplitterStats} from '../../source/ingest/types.js';

/*
Stand-ins for a camera's source and splitter in state-machine tests, which drive the
source's handlers by hand and read the state, snapshot and stale flag that follow.
*/

/** A source that does nothing by itself: the test drives its handlers. */
export function fakeSources() {
	const opened: Array<{options: HttpSourceOptions; handlers: HttpSourceHandlers; closed: boolean}> = [];
	const open: SourceOpener = (options, handlers) => {
		const entry = {options, handlers, closed: false};
		opened.push(entry);
		return {
			close() {
				entry.closed = true;
			},
		};
	};

	return {open, opened, last: () => opened.at(-1)!};
}

/** Every pushed chunk is one frame (or garbage when it does not start with FF D8). */
export function chunkSplitter(): SplitterLike {
	// Start from a real splitter's counters so the shape follows SplitterStats as it grows.
	const stats: SplitterStats = {...new FrameSplitter().stats, framing: 'jpeg'};
	return {
		push(chunk): Frame[] {
			stats.bytes += chunk.length;
			stats.frames++;
			return [{data: chunk, headers: []}];
		},
		end: () => [],
		stats,
	};
}
