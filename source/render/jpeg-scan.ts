import {AC_SLOT_BASE, acAdvance, FAST_SIZE, LOOKAHEAD, PAIR_LOOKAHEAD, PAIR_SIZE, type HuffmanSet} from './jpeg-huffman.js';

/*
The entropy-coded scan of a baseline JPEG, decoded for its DC coefficients (ITU T.81 F.2.2):
each block's DC difference is decoded and summed into its component's predictor; the 63 AC
coefficients are decoded only far enough to skip them (code plus extra bits, one table read
for one or two of them when the codes are short), never dequantised or transformed. Blocks of
a subsampled component keep the values of zig-zag positions 1, 2 and 4 (jpeg-dc-colour.ts).

Speed matters here (this is most of a tile's CPU), hence the shape: one function with the bit
position in a local int32 variable, typed arrays only, no allocation, no closures, no try/catch.
Byte stuffing and restart markers are removed beforehand by `unstuffScan`, so the reader only
ever reads plain bytes.
*/

export const SCAN_OK = 0;
/** A bit pattern that is no code of its table, or a DC size above 11: corrupt data. */
export const SCAN_BAD_CODE = 1;
/** The scan needed more bits than its segment holds: a frame cut short. */
export const SCAN_SHORT = 2;
export const UNSTUFF_NO_END = -1;
export const UNSTUFF_BAD_RESTART = -2;

/** Zero bytes after the last segment: more than one MCU's worst case (10 blocks × 64 codes × 26 bits). */
export const SCAN_PAD = 4096;
/** Blocks in one MCU: T.81 B.2.3 allows at most 10 in an interleaved scan. */
export const MAX_MCU_BLOCKS = 12;

/** What the caller lays out before `decodeScan` (fields are read once into locals). */
export type ScanPlan = {
	/** Unstuffed entropy bytes, SCAN_PAD zeros after the end. */
	view: DataView;
	/** End offset in `clean` of each restart interval's bytes. */
	segmentEnds: Int32Array;
	mcusX: number;
	mcusY: number;
	restartInterval: number;
	blocks: number;
	/** Per block of an MCU: DC and AC table slot. */
	dcSlot: Int32Array;
	acSlot: Int32Array;
	/** Per block of an MCU: component index, offset in `out` for MCU (0, 0), steps per MCU column and row. */
	component: Int32Array;
	offset: Int32Array;
	columnStep: Int32Array;
	rowStep: Int32Array;
	/** One DC value (quantised, undifferenced) per block of every component. */
	out: Int32Array;
	/** Per block of an MCU: 1 when its first AC values are kept (a subsampled component's, see jpeg-dc-colour.ts). */
	keepLow: Int32Array;
	/** Per block with keepLow, at 3 × its index in `out`: the quantised AC values at zig-zag 1, 2 and 4. */
	low: Int32Array;
	predictors: Int32Array;
};

/**
Copy the scan from `start` into `clean` without stuffed zero bytes, noting where each restart
interval ends. Returns the number of intervals, UNSTUFF_NO_END when the data ends before a
marker closes the scan (a truncated frame), UNSTUFF_BAD_RESTART when RSTn markers are out of
order or more than `expected`. `clean` must hold bytes.length − start + SCAN_PAD.
*/
export function unstuffScan(bytes: Uint8Array, start: number, clean: Uint8Array, segmentEnds: Int32Array, expected: number): number {
	let source = start;
	let target = 0;
	let count = 0;
	const length = bytes.length;
	for (;;) {
		const marker = bytes.indexOf(0xFF, source);
		if (marker < 0) {
			return UNSTUFF_NO_END;
		}

		clean.set(bytes.subarray(source, marker), target);
		target += marker - source;
		let next = marker + 1;
		// 0xFF fill bytes may precede a marker (T.81 B.1.1.2).
		while (next < length && bytes[next] === 0xFF) {
			next++;
		}

		if (next >= length) {
			return UNSTUFF_NO_END;
		}

		const code = bytes[next]!;
		source = next + 1;
		if (code === 0) {
			clean[target++] = 0xFF;
		} else if (code >= 0xD0 && code <= 0xD7) {
			// An encoder may close the last interval with an RST too: ignore one past the count.
			if (count < expected) {
				if (code !== 0xD0 + (count & 7)) {
					return UNSTUFF_BAD_RESTART;
				}

				segmentEnds[count++] = target;
			}
		} else {
			break;
		}
	}

	if (count < expected) {
		segmentEnds[count++] = target;
	}

	clean.fill(0, target, target + SCAN_PAD);
	return count;
}

/**
A code longer than LOOKAHEAD bits (T.81 F.2.2.3 DECODE): `(length << 8) | symbol`, −1 when none.
`window` holds the next 25 or more bits of the stream, left-aligned.
*/
function slowDecode(set: HuffmanSet, slot: number, window: number): number {
	for (let length = LOOKAHEAD + 1; length <= 16; length++) {
		const code = window >>> (32 - length);
		if (code <= set.maxCode[(slot * 18) + length]!) {
			return (length << 8) | set.values[(slot * 256) + set.valueOffset[(slot * 17) + length]! + code]!;
		}
	}

	return -1;
}

/**
Decode every MCU's DC values into `plan.out`. Returns SCAN_OK, SCAN_BAD_CODE or SCAN_SHORT.

The bit reader has no buffer to refill: `bit` is the stream position in bits, and each code is
looked up in the 32 bits read big-endian at its byte (`getInt32`), shifted by the bit offset,
which leaves at least 25 valid bits: any short code with its extra bits. This has no
data-dependent branch per code, where a refilling reader mispredicts every other code.
*/
export function decodeScan(plan: ScanPlan, set: HuffmanSet): number {
	const {view, segmentEnds, mcusX, mcusY, restartInterval, blocks, dcSlot, acSlot, component, offset, columnStep, rowStep, out, keepLow, low, predictors} = plan;
	const {fast, skip, pair} = set;
	const peekShift = 32 - LOOKAHEAD;
	const pairShift = 32 - PAIR_LOOKAHEAD;
	let bit = 0;
	let segment = 0;
	let segmentEnd = segmentEnds[0]! * 8;
	let untilRestart = restartInterval;
	predictors.fill(0);
	for (let mcuY = 0; mcuY < mcusY; mcuY++) {
		for (let mcuX = 0; mcuX < mcusX; mcuX++) {
			if (restartInterval !== 0) {
				if (untilRestart === 0) {
					// T.81 F.2.1.3.1: a restart interval ends byte-aligned and resets the predictors.
					bit = segmentEnd;
					segment++;
					segmentEnd = segmentEnds[segment]! * 8;
					predictors.fill(0);
					untilRestart = restartInterval;
				}

				untilRestart--;
			}

			for (let block = 0; block < blocks; block++) {
				let window = view.getInt32(bit >> 3) << (bit & 7);
				let entry = fast[(dcSlot[block]! * FAST_SIZE) + (window >>> peekShift)]!;
				if (entry === 0) {
					entry = slowDecode(set, dcSlot[block]!, window);
					if (entry < 0) {
						return SCAN_BAD_CODE;
					}
				}

				const length = entry >> 8;
				const size = entry & 255;
				const which = component[block]!;
				if (size === 0) {
					bit += length;
				} else {
					if (size > 11) {
						return SCAN_BAD_CODE;
					}

					// The window holds at least 25 bits: a short code's extra bits are already in it.
					if (length + size <= 25) {
						window <<= length;
					} else {
						window = view.getInt32((bit + length) >> 3) << ((bit + length) & 7);
					}

					let difference = window >>> (32 - size);
					bit += length + size;
					// T.81 F.2.2.1 EXTEND: a leading 0 bit means a negative difference.
					if (difference < (1 << (size - 1))) {
						difference -= (1 << size) - 1;
					}

					predictors[which] = predictors[which]! + difference;
				}

				const at = offset[block]! + (mcuY * rowStep[block]!) + (mcuX * columnStep[block]!);
				out[at] = predictors[which]!;
				const acBase = acSlot[block]! * FAST_SIZE;
				let index = 1;
				if (keepLow[block] !== 0) {
					// Decode (not skip) the coefficients up to zig-zag 4 and keep positions 1, 2 and 4.
					low[at * 3] = 0;
					low[(at * 3) + 1] = 0;
					low[(at * 3) + 2] = 0;
					while (index <= 4) {
						window = view.getInt32(bit >> 3) << (bit & 7);
						entry = fast[acBase + (window >>> peekShift)]!;
						if (entry === 0) {
							entry = slowDecode(set, acSlot[block]!, window);
							if (entry < 0) {
								return SCAN_BAD_CODE;
							}
						}

						bit += entry >> 8;
						const symbol = entry & 255;
						const valueSize = symbol & 15;
						if (valueSize === 0) {
							index += acAdvance(symbol);
							continue;
						}

						index += symbol >> 4;
						window = view.getInt32(bit >> 3) << (bit & 7);
						let value = window >>> (32 - valueSize);
						bit += valueSize;
						if (value < (1 << (valueSize - 1))) {
							value -= (1 << valueSize) - 1;
						}

						if (index <= 2) {
							low[(at * 3) + index - 1] = value;
						} else if (index === 4) {
							low[(at * 3) + 2] = value;
						}

						index++;
					}
				}

				// Two coefficients a table read while the first cannot end the block (its advance is at most 16).
				const pairBase = (acSlot[block]! - AC_SLOT_BASE) * PAIR_SIZE;
				while (index < 48) {
					window = view.getInt32(bit >> 3) << (bit & 7);
					entry = pair[pairBase + (window >>> pairShift)]!;
					if (entry === 0) {
						entry = slowDecode(set, acSlot[block]!, window);
						if (entry < 0) {
							return SCAN_BAD_CODE;
						}

						bit += (entry >> 8) + (entry & 15);
						index += acAdvance(entry & 255);
					} else {
						bit += entry >> 8;
						index += entry & 255;
					}
				}

				while (index < 64) {
					window = view.getInt32(bit >> 3) << (bit & 7);
					entry = skip[acBase + (window >>> peekShift)]!;
					if (entry === 0) {
						entry = slowDecode(set, acSlot[block]!, window);
						if (entry < 0) {
							return SCAN_BAD_CODE;
						}

						bit += (entry >> 8) + (entry & 15);
						index += acAdvance(entry & 255);
					} else {
						// The entry's length includes the coefficient's extra bits; its low byte is the advance.
						bit += entry >> 8;
						index += entry & 255;
					}
				}
			}

			// The data ran out (what follows is the next interval or the zero pad).
			if (bit > segmentEnd) {
				return SCAN_SHORT;
			}
		}
	}

	return SCAN_OK;
}
