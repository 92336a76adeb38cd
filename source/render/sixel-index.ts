import {endianness} from 'node:os';

/*
Pixels to sixel palette indices (the fixed 5×5×5 cube of sixel-painter.ts), the first and
costliest step of sixel-encode.ts: it reads every pixel of every picture.

With 5 levels a channel's level, round(value·4/255), steps exactly at 32, 96, 160 and 224,
so it is ((value >> 5) + 1) >> 1: the top three bits of each channel, nine bits in all,
index one 512-entry table.

The picture is read a 32-bit word at a time where it can be (three words are four RGB
pixels): V8 pays about the same per typed-array read whatever its width, so this reads the
picture in a quarter of the reads a byte at a time takes.
*/

export const SIXEL_LEVELS = 5;

/** Palette index (red level·25 + green level·5 + blue level) for the top three bits of each channel (r << 6 | g << 3 | b). */
const INDEX = Uint8Array.from({length: 512}, (_, bits) => {
	const level = (top3: number) => (top3 + 1) >> 1;
	return (level(bits >> 6) * SIXEL_LEVELS * SIXEL_LEVELS) + (level((bits >> 3) & 7) * SIXEL_LEVELS) + level(bits & 7);
});

export const LITTLE_ENDIAN = endianness() === 'LE';

/** The palette index (0–124) of one pixel, from the table. */
export function tableIndex(r: number, g: number, b: number): number {
	return INDEX[((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5)]!;
}

/** A 32-bit view of `data` when its start is 4-byte aligned (and the machine little-endian), for indexRow. */
export function wordView(data: Uint8Array): Uint32Array | undefined {
	return LITTLE_ENDIAN && data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : undefined;
}

/**
Write the palette index of `count` RGB pixels, the first at byte `start` of `data`, to
`out` from `at` on. `words` is wordView(data), or undefined to read byte by byte;
`outWords`, a 32-bit view of `out` from its start (byteOffset 0), lets four indices be
stored at once when they fall on a word.
*/
export function indexRow(data: Uint8Array, words: Uint32Array | undefined, start: number, count: number, out: Uint8Array, at: number, outWords?: Uint32Array): void {
	let p = start;
	let index = at;
	const end = at + count;
	if (words !== undefined) {
		// Byte by byte up to the first pixel that starts a word (at most three pixels).
		while (index < end && (p & 3) !== 0) {
			out[index++] = INDEX[((data[p]! >> 5) << 6) | ((data[p + 1]! >> 5) << 3) | (data[p + 2]! >> 5)]!;
			p += 3;
		}

		// Four pixels (r0 g0 b0 r1 | g1 b1 r2 g2 | b2 r3 g3 b3) from three little-endian words.
		const store = outWords !== undefined && (index & 3) === 0 ? outWords : undefined;
		for (let word = p >> 2; index + 4 <= end; word += 3, index += 4) {
			const w0 = words[word]!;
			const w1 = words[word + 1]!;
			const w2 = words[word + 2]!;
			const i0 = INDEX[((w0 << 1) & 0x1C0) | ((w0 >>> 10) & 0x38) | ((w0 >>> 21) & 7)]!;
			const i1 = INDEX[((w0 >>> 23) & 0x1C0) | ((w1 >>> 2) & 0x38) | ((w1 >>> 13) & 7)]!;
			const i2 = INDEX[((w1 >>> 15) & 0x1C0) | ((w1 >>> 26) & 0x38) | ((w2 >>> 5) & 7)]!;
			const i3 = INDEX[((w2 >>> 7) & 0x1C0) | ((w2 >>> 18) & 0x38) | ((w2 >>> 29) & 7)]!;
			if (store === undefined) {
				out[index] = i0;
				out[index + 1] = i1;
				out[index + 2] = i2;
				out[index + 3] = i3;
			} else {
				store[index >> 2] = i0 | (i1 << 8) | (i2 << 16) | (i3 << 24);
			}

			p += 12;
		}
	}

	for (; index < end; index++, p += 3) {
		out[index] = INDEX[((data[p]! >> 5) << 6) | ((data[p + 1]! >> 5) << 3) | (data[p + 2]! >> 5)]!;
	}
}
