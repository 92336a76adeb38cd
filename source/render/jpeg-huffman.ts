/*
Huffman tables for the DC decoder (jpeg-dc-decode.ts), built from a DHT segment's 16 code
counts and its symbols (ITU T.81 Annex C, canonical codes), laid out for a table-driven decode:

- `fast`: indexed by the next LOOKAHEAD bits of the stream. An entry is `(length << 8) | symbol`,
  0 when the code is longer than LOOKAHEAD bits (the slow path).
- `skip` (AC tables): the same index; an entry is `(bits << 8) | advance`, where `bits` is the
  code's length plus the extra bits its symbol's size carries (the low nibble) and `advance` is
  the symbol's `acAdvance`, so skipping a coefficient is one table read and two additions.
- `pair` (AC tables): like `skip` on PAIR_LOOKAHEAD bits, but where two coefficients (codes
  and extra bits) fit in them, the entry skips both: most coefficients of a camera frame take
  4–6 bits, so this halves the table reads of a block's first coefficients.
- `maxCode`/`valueOffset`: per code length (T.81 F.2.2.3's MAXCODE and VALPTR − MINCODE), for
  codes longer than LOOKAHEAD bits.

All tables of one decoder live in flat typed arrays indexed by slot (0–3 DC, 4–7 AC), so the
hot loop reads plain typed arrays with computed offsets and never touches an object per table.
*/

export const LOOKAHEAD = 10;
export const FAST_SIZE = 1 << LOOKAHEAD;
/** Bits looked at by the `pair` tables. */
export const PAIR_LOOKAHEAD = 12;
export const PAIR_SIZE = 1 << PAIR_LOOKAHEAD;
export const SLOT_COUNT = 8;
/** Slot of an AC table: AC tables follow the four DC tables. */
export const AC_SLOT_BASE = 4;

export type HuffmanSet = {
	/** SLOT_COUNT × FAST_SIZE entries each. */
	readonly fast: Uint16Array;
	readonly skip: Uint16Array;
	/** (SLOT_COUNT − AC_SLOT_BASE) × PAIR_SIZE entries: AC slots only. */
	readonly pair: Uint16Array;
	/** SLOT_COUNT × 18: the largest code of each length 1–16 (index 17 a sentinel), −1 when none. */
	readonly maxCode: Int32Array;
	/** SLOT_COUNT × 17: index in `values` of a code of that length, minus the first such code. */
	readonly valueOffset: Int32Array;
	/** SLOT_COUNT × 256 symbols in code order. */
	readonly values: Uint8Array;
	/** Which slots hold a table. */
	readonly defined: Uint8Array;
};

export function createHuffmanSet(): HuffmanSet {
	return {
		fast: new Uint16Array(SLOT_COUNT * FAST_SIZE),
		skip: new Uint16Array(SLOT_COUNT * FAST_SIZE),
		pair: new Uint16Array((SLOT_COUNT - AC_SLOT_BASE) * PAIR_SIZE),
		maxCode: new Int32Array(SLOT_COUNT * 18),
		valueOffset: new Int32Array(SLOT_COUNT * 17),
		values: new Uint8Array(SLOT_COUNT * 256),
		defined: new Uint8Array(SLOT_COUNT),
	};
}

/**
How far an AC symbol moves the coefficient index (T.81 F.2.2.2): a run of R zeros and one
coefficient is R + 1, ZRL (0xF0) 16, and EOB (or any other size-0 symbol, which libjpeg also
takes as the block's end) 64, past the last coefficient: the skip loop needs no branch on it.
*/
export function acAdvance(symbol: number): number {
	if ((symbol & 15) !== 0) {
		return (symbol >> 4) + 1;
	}

	return symbol === 0xF0 ? 16 : 64;
}

/** Codes of at most PAIR_LOOKAHEAD bits, in canonical order (so by length). */
type ShortCodes = {lengths: number[]; codes: number[]; symbols: number[]};

function buildPairs(set: HuffmanSet, slot: number, short: ShortCodes): void {
	const base = (slot - AC_SLOT_BASE) * PAIR_SIZE;
	const {lengths, codes, symbols} = short;
	set.pair.fill(0, base, base + PAIR_SIZE);
	for (let first = 0; first < lengths.length; first++) {
		const length = lengths[first]!;
		const shift = PAIR_LOOKAHEAD - length;
		const start = base + (codes[first]! << shift);
		set.pair.fill(((length + (symbols[first]! & 15)) << 8) | acAdvance(symbols[first]!), start, start + (1 << shift));
	}

	for (let first = 0; first < lengths.length; first++) {
		const extra = symbols[first]! & 15;
		const firstBits = lengths[first]! + extra;
		const advance = acAdvance(symbols[first]!);
		// A block's end is never paired: what follows it belongs to the next block.
		if (advance === 64 || firstBits >= PAIR_LOOKAHEAD) {
			continue;
		}

		for (let second = 0; second < lengths.length && firstBits + lengths[second]! <= PAIR_LOOKAHEAD; second++) {
			const secondBits = lengths[second]! + (symbols[second]! & 15);
			if (firstBits + secondBits > PAIR_LOOKAHEAD) {
				continue;
			}

			const entry = ((firstBits + secondBits) << 8) | (advance + acAdvance(symbols[second]!));
			const shift = PAIR_LOOKAHEAD - firstBits - lengths[second]!;
			// Every value of the first coefficient's extra bits, followed by the second code.
			for (let bits = 0; bits < (1 << extra); bits++) {
				const prefix = (((codes[first]! << extra) | bits) << lengths[second]!) | codes[second]!;
				const start = base + (prefix << shift);
				set.pair.fill(entry, start, start + (1 << shift));
			}
		}
	}
}

/**
Build one table into `set` at `slot` from 16 code counts and the symbols that follow them
(T.81 B.2.4.2). Returns false when the counts do not describe a valid canonical code (more
codes of a length than the code space holds, or more than 256 symbols).
*/
export function buildTable(set: HuffmanSet, slot: number, counts: Uint8Array, symbols: Uint8Array, isAc: boolean): boolean {
	let total = 0;
	for (let length = 0; length < 16; length++) {
		total += counts[length]!;
	}

	if (total > 256 || total > symbols.length) {
		return false;
	}

	const fastBase = slot * FAST_SIZE;
	set.fast.fill(0, fastBase, fastBase + FAST_SIZE);
	set.skip.fill(0, fastBase, fastBase + FAST_SIZE);
	set.values.set(symbols.subarray(0, total), slot * 256);
	const short: ShortCodes = {lengths: [], codes: [], symbols: []};
	let code = 0;
	let index = 0;
	for (let length = 1; length <= 16; length++) {
		const count = counts[length - 1]!;
		set.valueOffset[(slot * 17) + length] = index - code;
		set.maxCode[(slot * 18) + length] = count === 0 ? -1 : code + count - 1;
		for (let n = 0; n < count; n++) {
			if (code >= (1 << length)) {
				return false;
			}

			if (length <= PAIR_LOOKAHEAD) {
				short.lengths.push(length);
				short.codes.push(code);
				short.symbols.push(symbols[index]!);
			}

			if (length <= LOOKAHEAD) {
				const symbol = symbols[index]!;
				// Every LOOKAHEAD-bit pattern starting with this code decodes to it.
				const shift = LOOKAHEAD - length;
				const first = fastBase + (code << shift);
				set.fast.fill((length << 8) | symbol, first, first + (1 << shift));
				if (isAc) {
					set.skip.fill(((length + (symbol & 15)) << 8) | acAdvance(symbol), first, first + (1 << shift));
				}
			}

			code++;
			index++;
		}

		code <<= 1;
	}

	// A sentinel so the slow path's search always ends (T.81 F.2.2.3: MAXCODE(17) = X'FFFFF').
	set.maxCode[(slot * 18) + 17] = 0x7F_FF_FF_FF;
	if (isAc) {
		buildPairs(set, slot, short);
	}

	set.defined[slot] = 1;
	return true;
}

function fromHex(hex: string): Uint8Array {
	return Uint8Array.from(hex.match(/../g) ?? [], pair => Number.parseInt(pair, 16));
}

/*
The example tables of T.81 Annex K.3 (Tables K.3–K.6). Many MJPEG cameras send frames without
DHT and expect the decoder to use them (the AVI1/MJPEG convention, as libjpeg-turbo does when
a table is missing): DC and AC slot 0 for luminance, slot 1 for chrominance.
*/
const defaultTables: Array<{slot: number; counts: string; symbols: string; isAc: boolean}> = [
	{slot: 0, isAc: false, counts: '00010501010101010100000000000000', symbols: '000102030405060708090a0b'},
	{slot: 1, isAc: false, counts: '00030101010101010101010000000000', symbols: '000102030405060708090a0b'},
	{
		slot: AC_SLOT_BASE,
		isAc: true,
		counts: '0002010303020403050504040000017d',
		symbols: '01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa',
	},
	{
		slot: AC_SLOT_BASE + 1,
		isAc: true,
		counts: '00020102040403040705040400010277',
		symbols: '000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa',
	},
];

let defaults: HuffmanSet | undefined;

/** The Annex K.3 tables, built once. */
export function defaultHuffmanSet(): HuffmanSet {
	if (defaults === undefined) {
		defaults = createHuffmanSet();
		for (const table of defaultTables) {
			buildTable(defaults, table.slot, fromHex(table.counts), fromHex(table.symbols), table.isAc);
		}
	}

	return defaults;
}

/** Copy `from`'s table at `slot` into `to` (a frame without DHT borrows the default). */
export function copyTable(from: HuffmanSet, to: HuffmanSet, slot: number): void {
	to.fast.set(from.fast.subarray(slot * FAST_SIZE, (slot + 1) * FAST_SIZE), slot * FAST_SIZE);
	to.skip.set(from.skip.subarray(slot * FAST_SIZE, (slot + 1) * FAST_SIZE), slot * FAST_SIZE);
	if (slot >= AC_SLOT_BASE) {
		const base = (slot - AC_SLOT_BASE) * PAIR_SIZE;
		to.pair.set(from.pair.subarray(base, base + PAIR_SIZE), base);
	}

	to.maxCode.set(from.maxCode.subarray(slot * 18, (slot + 1) * 18), slot * 18);
	to.valueOffset.set(from.valueOffset.subarray(slot * 17, (slot + 1) * 17), slot * 17);
	to.values.set(from.values.subarray(slot * 256, (slot + 1) * 256), slot * 256);
	to.defined[slot] = 1;
}
