/** One part header as sent: the name keeps the camera's spelling, the value is trimmed. */
export type PartHeader = readonly [name: string, value: string];

/**
One complete JPEG frame out of the splitter.

`data` may alias memory that was passed to `FrameSplitter.push()` (a `subarray` of
that chunk) when the whole frame sat inside one chunk; when the frame spanned
chunks it is a fresh copy made exactly once. The splitter never writes to a chunk
or to `data` after emitting it, so a consumer may keep `data` as long as it likes;
it must not write to it either.
*/
export type Frame = {
	readonly data: Uint8Array;
	/** Part headers of a multipart part; empty in raw JPEG mode. */
	readonly headers: readonly PartHeader[];
};

/** How the splitter is currently framing the byte stream. */
export type FramingMode = 'multipart' | 'jpeg' | 'unknown';

/** Counters kept by the splitter; all totals since construction. */
export type SplitterStats = {
	framing: FramingMode;
	frames: number;
	/** Bytes pushed in, whatever became of them. */
	bytes: number;
	/** Bytes inside emitted frames. */
	frameBytes: number;
	/** Times the splitter lost framing and searched for the next frame start. */
	resyncs: number;
	/** Bytes thrown away while resyncing (garbage, oversized parts, broken parts). */
	skippedBytes: number;
	/** Parts whose Content-Length did not match where the next delimiter really was. */
	contentLengthMismatches: number;
	/** Parts with no Content-Length header, found by searching for the boundary. */
	partsWithoutLength: number;
	/** Parts or frames dropped for exceeding `maxFrameBytes`. */
	oversizedFrames: number;
	/** Parts whose header block exceeded `maxHeaderBytes`. */
	oversizedHeaders: number;
	/** Multipart parts whose body was not a JPEG (no FF D8 at its start); skipped, not emitted. */
	nonJpegParts: number;
	/**
	Boundary parameter from the Content-Type header, unquoted, as declared (so a camera's
	`boundary=--x` keeps its dashes; the delimiter line adds its own `--`); undefined when none.
	*/
	declaredBoundary: string | undefined;
	/** The delimiter line actually seen in the body (e.g. `--myboundary`); undefined until seen. */
	seenBoundary: string | undefined;
	/** Distinct part header names seen (lower-cased), in first-seen order, capped. */
	partHeaderNames: string[];
};
