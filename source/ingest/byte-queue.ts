import {Buffer} from 'node:buffer';

const EMPTY = Buffer.alloc(0);

/** Views this many or more released at the front trigger a compaction of the view list. */
const COMPACT_AFTER = 64;

/**
The bytes the splitter still needs, as a list of views of the pushed chunks, addressed
by absolute stream position (0 = first byte ever pushed).

Nothing is copied on push; `take()` returns a `subarray` when a range lies inside one
chunk and copies exactly once when it spans several (as undici's receiver does).
`release()` drops views nobody needs any more, so memory is bounded by what the
parser keeps unreleased.
*/
export class ByteQueue {
	/** Absolute position just past the last byte pushed. */
	end = 0;
	/** Absolute position before which the parser needs nothing. */
	released = 0;
	private readonly views: Buffer[] = [];
	private readonly starts: number[] = [];
	private head = 0;
	/** Index of the view the last lookup landed in; lookups are mostly local. */
	private cursor = 0;

	push(view: Buffer): void {
		if (view.length === 0) {
			return;
		}

		this.views.push(view);
		this.starts.push(this.end);
		this.end += view.length;
	}

	/** Bytes from the release point to the end: what the parser is holding on to. */
	get heldBytes(): number {
		return this.end - this.released;
	}

	/** Forget everything before `position`. */
	release(position: number): void {
		if (position <= this.released) {
			return;
		}

		this.released = Math.min(position, this.end);
		const {views, starts} = this;
		while (this.head < views.length && starts[this.head]! + views[this.head]!.length <= this.released) {
			views[this.head] = EMPTY;
			this.head++;
		}

		if (this.head === views.length) {
			views.length = 0;
			starts.length = 0;
			this.head = 0;
			this.cursor = 0;
		} else if (this.head >= COMPACT_AFTER) {
			views.splice(0, this.head);
			starts.splice(0, this.head);
			this.cursor = Math.max(0, this.cursor - this.head);
			this.head = 0;
		}
	}

	/** Index of the view holding `position`; the caller guarantees released <= position < end. */
	locate(position: number): number {
		const {views, starts} = this;
		let index = this.cursor;
		if (index < this.head || index >= views.length) {
			index = this.head;
		}

		if (position >= starts[index]! && position < starts[index]! + views[index]!.length) {
			return index;
		}

		const next = index + 1;
		if (next < views.length && position >= starts[next]! && position < starts[next]! + views[next]!.length) {
			this.cursor = next;
			return next;
		}

		let low = this.head;
		let high = views.length - 1;
		while (low < high) {
			const middle = (low + high + 1) >>> 1;
			if (starts[middle]! <= position) {
				low = middle;
			} else {
				high = middle - 1;
			}
		}

		this.cursor = low;
		return low;
	}

	viewAt(index: number): Buffer {
		return this.views[index]!;
	}

	startOf(index: number): number {
		return this.starts[index]!;
	}

	get viewCount(): number {
		return this.views.length;
	}

	/** The byte at `position`, or -1 when it has not arrived yet. */
	byteAt(position: number): number {
		if (position >= this.end || position < this.released) {
			return -1;
		}

		const index = this.locate(position);
		return this.views[index]![position - this.starts[index]!]!;
	}

	/** Whether `needle` sits at `position` in full; false when not all of it has arrived. */
	matchesAt(position: number, needle: Uint8Array): boolean {
		if (position + needle.length > this.end) {
			return false;
		}

		for (let offset = 0; offset < needle.length; offset++) {
			if (this.byteAt(position + offset) !== needle[offset]) {
				return false;
			}
		}

		return true;
	}

	/**
	First position >= `from` where `needle` starts and lies wholly before `to`, or -1.
	A match split across views is found by checking the few start positions that
	straddle each view boundary (a lookbehind the size of the needle).
	*/
	indexOf(needle: Buffer, from: number, to = this.end): number {
		const length = needle.length;
		const limit = Math.min(to, this.end);
		if (from < this.released) {
			from = this.released;
		}

		if (length === 0 || from + length > limit) {
			return -1;
		}

		const first = needle[0]!;
		for (let index = this.locate(from); index < this.views.length; index++) {
			const view = this.views[index]!;
			const start = this.starts[index]!;
			const viewEnd = start + view.length;
			if (start >= limit) {
				break;
			}

			const local = from > start ? from - start : 0;
			const found = view.length - local >= length ? view.indexOf(needle, local) : -1;
			if (found !== -1) {
				return start + found + length <= limit ? start + found : -1;
			}

			// Starts in this view's tail, ends in a later view.
			const straddleFrom = Math.max(from, viewEnd - length + 1, start);
			for (let candidate = straddleFrom; candidate < viewEnd; candidate++) {
				if (candidate + length > limit) {
					return -1;
				}

				if (view[candidate - start] === first && this.matchesAt(candidate, needle)) {
					return candidate;
				}
			}
		}

		return -1;
	}

	/** First position in [from, to) holding `byte`, or -1. */
	indexOfByte(byte: number, from: number, to = this.end): number {
		const limit = Math.min(to, this.end);
		if (from < this.released) {
			from = this.released;
		}

		if (from >= limit) {
			return -1;
		}

		for (let index = this.locate(from); index < this.views.length; index++) {
			const view = this.views[index]!;
			const start = this.starts[index]!;
			if (start >= limit) {
				break;
			}

			const found = view.indexOf(byte, from > start ? from - start : 0);
			if (found !== -1) {
				return start + found < limit ? start + found : -1;
			}
		}

		return -1;
	}

	/**
	The bytes in [from, to): a `subarray` of the pushed chunk when the range lies in one
	view, otherwise one fresh copy. The caller guarantees released <= from <= to <= end.
	*/
	take(from: number, to: number): Buffer {
		if (from === to) {
			return EMPTY;
		}

		let index = this.locate(from);
		let view = this.views[index]!;
		let start = this.starts[index]!;
		if (to <= start + view.length) {
			return view.subarray(from - start, to - start);
		}

		// Not zero-filled (every byte is written below) and not from the shared pool, so a frame owns its ArrayBuffer.
		const copy = Buffer.allocUnsafeSlow(to - from);
		let written = 0;
		let position = from;
		while (position < to) {
			const local = position - start;
			const count = Math.min(view.length - local, to - position);
			view.copy(copy, written, local, local + count);
			written += count;
			position += count;
			index++;
			if (position < to) {
				view = this.views[index]!;
				start = this.starts[index]!;
			}
		}

		return copy;
	}
}
