import type {Buffer} from 'node:buffer';
import type {SplitterContext} from './splitter-context.js';
import {delimiterAfterBody, findDelimiter, FOUND_NEED_MORE, FOUND_NONE, LINE_INVALID, LINE_NEED_MORE, type DelimiterMatch} from './delimiter-line.js';

/** What the bytes say about a part's Content-Length. */
export type LengthVerdict =
	| 'wait' // not enough bytes yet to judge
	| 'right' // the delimiter sits where the length said (`match` filled in)
	| 'ended-right' // the stream ended where the length said, at most a cut-off delimiter after it
	| 'too-long' // a delimiter inside the declared body ends the part (`match` filled in)
	| 'right-then-garbage' // a whole JPEG of the declared length, then something not a delimiter
	| 'too-short'; // none of these: the delimiter must lie past the declared end

/**
Judge the Content-Length of the body starting at `bodyStart` that claims to end at
`declaredEnd` (VLC's first part is wrong; cameras are wrong in both directions).
*/
export function judgeContentLength(
	context: SplitterContext,
	delimiter: Buffer,
	bodyStart: number,
	declaredEnd: number,
	ending: boolean,
	match: DelimiterMatch,
): LengthVerdict {
	const {queue} = context;
	const result = delimiterAfterBody(queue, delimiter, declaredEnd, ending, match);
	if (result === LINE_NEED_MORE) {
		return ending ? 'ended-right' : 'wait';
	}

	if (result !== LINE_INVALID) {
		match.next = result;
		return 'right';
	}

	if (!ending && queue.end < declaredEnd + delimiter.length - 1) {
		// Wait until a delimiter starting inside the declared body would be whole.
		return 'wait';
	}

	const found = findDelimiter(queue, delimiter, bodyStart, declaredEnd, bodyStart, ending, match);
	if (found === FOUND_NEED_MORE) {
		return 'wait';
	}

	if (found !== FOUND_NONE) {
		return 'too-long';
	}

	return context.endsWithEoi(bodyStart, declaredEnd) ? 'right-then-garbage' : 'too-short';
}
