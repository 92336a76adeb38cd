import type {CamtopError} from '../../source/errors.js';
import {FrameSplitter} from '../../source/ingest/frame-splitter.js';
import type {SourceHandle, SourceHandlers, SourceOptions, SourceResponse} from '../../source/ingest/source-types.js';
import {waitFor} from '../camera/helpers.js';

export type Recording = {
	response: SourceResponse | undefined;
	/** Every chunk, with the time it arrived. */
	chunks: Array<{data: Uint8Array; at: number}>;
	/** Frames a FrameSplitter cut from the chunks, as the Camera would. */
	frames: Uint8Array[];
	ended: boolean;
	errors: CamtopError[];
	handle: SourceHandle;
	/** Resolves once the source ended or failed (or after `timeoutMs`, rejecting). */
	settled(timeoutMs?: number): Promise<void>;
	frameCount(count: number, timeoutMs?: number): Promise<void>;
};

/** Open any source and record what it reports, splitting frames like the Camera does. */
export function recordSource(open: (options: SourceOptions, handlers: SourceHandlers) => SourceHandle, options: SourceOptions): Recording {
	let splitter: FrameSplitter | undefined;
	const recording = {
		response: undefined,
		chunks: [],
		frames: [],
		ended: false,
		errors: [],
	} as unknown as Recording;
	recording.handle = open(options, {
		onResponse(info) {
			recording.response = info;
			splitter = new FrameSplitter({contentType: info.contentType});
		},
		onData(chunk) {
			recording.chunks.push({data: chunk, at: Date.now()});
			for (const frame of splitter?.push(chunk) ?? []) {
				recording.frames.push(frame.data);
			}
		},
		onEnd() {
			recording.ended = true;
			for (const frame of splitter?.end() ?? []) {
				recording.frames.push(frame.data);
			}
		},
		onError(error) {
			recording.errors.push(error);
		},
	});
	recording.settled = async (timeoutMs = 10_000) => waitFor(() => recording.ended || recording.errors.length > 0, 'the source to end or fail', timeoutMs);
	recording.frameCount = async (count, timeoutMs = 10_000) => waitFor(
		() => recording.frames.length >= count || recording.errors.length > 0,
		`${count} frames (errors: ${recording.errors.map(error => error.message).join('; ')})`,
		timeoutMs,
	);
	return recording;
}
