import {AC_SLOT_BASE, buildTable, copyTable, defaultHuffmanSet, type HuffmanSet} from './jpeg-huffman.js';

/*
Reads the marker segments of a JPEG up to its first scan (ITU T.81 Annex B) for the DC decoder:
frame size and components (SOF), the few quantisers it uses (DQT), Huffman tables (DHT,
built into the caller's set), restart interval (DRI), and the scan's component selectors (SOS).
Anything the DC decoder does not handle is 'unsupported' (the caller falls back to sharp):
progressive, lossless, arithmetic or hierarchical frames, 12-bit samples, 2 or 4 components,
sampling factors above 2, RGB (Adobe transform 0), a first scan that is not a full baseline
scan of every component, or a header that does not parse.
*/

export type DcComponent = {
	id: number;
	h: number;
	v: number;
	/** Which quantisation table (DQT id) the component uses. */
	quantTable: number;
	dcSlot: number;
	acSlot: number;
};

export type JpegHeader = {
	width: number;
	height: number;
	/** In scan order (the frame's order, checked). */
	components: DcComponent[];
	restartInterval: number;
	/** Offset of the first entropy-coded byte. */
	scanStart: number;
	/**
	Per table (4 entries each, 0 when the table is not defined): the quantisers of zig-zag
	positions 0 (DC), 1 (first horizontal AC), 2 (first vertical AC) and 4 (first diagonal AC).
	*/
	quant: Int32Array;
};

export type HeaderResult = {kind: 'ok'; header: JpegHeader} | {kind: 'unsupported'; reason: string};

function unsupported(reason: string): HeaderResult {
	return {kind: 'unsupported', reason};
}

/** Baseline (SOF0) and extended sequential Huffman (SOF1) frames. */
function isSequentialHuffman(marker: number): boolean {
	return marker === 0xC0 || marker === 0xC1;
}

function isOtherFrame(marker: number): boolean {
	return marker >= 0xC2 && marker <= 0xCF && marker !== 0xC4 && marker !== 0xC8 && marker !== 0xCC;
}

function parseFrame(bytes: Uint8Array, start: number, length: number): DcComponent[] | string {
	if (length < 8 || bytes[start] !== 8) {
		return 'not 8-bit';
	}

	const count = bytes[start + 5]!;
	if ((count !== 1 && count !== 3) || length < 6 + (count * 3)) {
		return `${count} components`;
	}

	const components: DcComponent[] = [];
	for (let index = 0; index < count; index++) {
		const at = start + 6 + (index * 3);
		const sampling = bytes[at + 1]!;
		const h = sampling >> 4;
		const v = sampling & 15;
		const quantTable = bytes[at + 2]!;
		if (h < 1 || h > 2 || v < 1 || v > 2 || quantTable > 3) {
			return 'sampling factors or quantiser';
		}

		components.push({id: bytes[at]!, h, v, quantTable, dcSlot: -1, acSlot: -1});
	}

	return components;
}

/** Zig-zag positions whose quantisers the DC decoder uses (see `JpegHeader.quant`). */
const QUANT_POSITIONS = [0, 1, 2, 4];

function parseQuant(bytes: Uint8Array, start: number, end: number, quant: Int32Array): boolean {
	let at = start;
	while (at < end) {
		const precision = bytes[at]! >> 4;
		const id = bytes[at]! & 15;
		const size = precision === 0 ? 64 : 128;
		if (id > 3 || precision > 1 || at + 1 + size > end) {
			return false;
		}

		// DQT lists the 64 values in zig-zag order (T.81 B.2.4.1).
		for (const [index, position] of QUANT_POSITIONS.entries()) {
			quant[(id * 4) + index] = precision === 0 ? bytes[at + 1 + position]! : (bytes[at + 1 + (position * 2)]! << 8) | bytes[at + 2 + (position * 2)]!;
		}

		at += 1 + size;
	}

	return true;
}

function parseHuffman(bytes: Uint8Array, start: number, end: number, set: HuffmanSet): boolean {
	let at = start;
	while (at < end) {
		const tableClass = bytes[at]! >> 4;
		const id = bytes[at]! & 15;
		if (tableClass > 1 || id > 3 || at + 17 > end) {
			return false;
		}

		const counts = bytes.subarray(at + 1, at + 17);
		let total = 0;
		for (const count of counts) {
			total += count;
		}

		if (at + 17 + total > end) {
			return false;
		}

		const slot = tableClass === 0 ? id : AC_SLOT_BASE + id;
		if (!buildTable(set, slot, counts, bytes.subarray(at + 17, at + 17 + total), tableClass === 1)) {
			return false;
		}

		at += 17 + total;
	}

	return true;
}

function parseScan(bytes: Uint8Array, start: number, length: number, components: DcComponent[], set: HuffmanSet): string | undefined {
	const count = bytes[start]!;
	if (count !== components.length || length < 6 + (count * 2)) {
		return 'scan does not hold every component';
	}

	for (let index = 0; index < count; index++) {
		const component = components[index]!;
		const at = start + 1 + (index * 2);
		if (bytes[at] !== component.id) {
			return 'scan components out of frame order';
		}

		const dcId = bytes[at + 1]! >> 4;
		const acId = bytes[at + 1]! & 15;
		if (dcId > 3 || acId > 3) {
			return 'Huffman table id';
		}

		component.dcSlot = dcId;
		component.acSlot = AC_SLOT_BASE + acId;
		// No DHT for a slot: the Annex K tables exist for slots 0 and 1 only.
		for (const slot of [component.dcSlot, component.acSlot]) {
			if (set.defined[slot] === 0) {
				if ((slot & 3) > 1) {
					return 'missing Huffman table';
				}

				copyTable(defaultHuffmanSet(), set, slot);
			}
		}
	}

	const spectral = start + 1 + (count * 2);
	// Baseline: Ss = 0, Se = 63, Ah = Al = 0 (T.81 Table B.3).
	if (bytes[spectral] !== 0 || bytes[spectral + 1] !== 63 || bytes[spectral + 2] !== 0) {
		return 'not a sequential scan';
	}

	return undefined;
}

/** Parse up to the first SOS; Huffman tables go into `set` (whose `defined` the caller clears). */
export function readJpegHeader(bytes: Uint8Array, set: HuffmanSet): HeaderResult {
	if (bytes.length < 4 || bytes[0] !== 0xFF || bytes[1] !== 0xD8) {
		return unsupported('no SOI');
	}

	const quant = new Int32Array(16);
	let components: DcComponent[] | undefined;
	let width = 0;
	let height = 0;
	let restartInterval = 0;
	let adobeRgb = false;
	let at = 2;
	while (at + 4 <= bytes.length) {
		if (bytes[at] !== 0xFF) {
			return unsupported('bytes between markers');
		}

		let marker = bytes[at + 1]!;
		// Fill bytes before a marker (T.81 B.1.1.2).
		while (marker === 0xFF && at + 2 < bytes.length) {
			at++;
			marker = bytes[at + 1]!;
		}

		at += 2;
		if (marker === 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
			continue;
		}

		if (marker === 0xD9 || at + 2 > bytes.length) {
			return unsupported('no scan');
		}

		const length = (bytes[at]! << 8) | bytes[at + 1]!;
		const start = at + 2;
		const end = at + length;
		if (length < 2 || end > bytes.length) {
			return unsupported('segment past the end');
		}

		if (isSequentialHuffman(marker)) {
			const parsed = parseFrame(bytes, start, length);
			if (typeof parsed === 'string') {
				return unsupported(parsed);
			}

			components = parsed;
			height = (bytes[start + 1]! << 8) | bytes[start + 2]!;
			width = (bytes[start + 3]! << 8) | bytes[start + 4]!;
		} else if (isOtherFrame(marker)) {
			return unsupported('not a sequential Huffman frame');
		} else if (marker === 0xDB) {
			if (!parseQuant(bytes, start, end, quant)) {
				return unsupported('DQT');
			}
		} else if (marker === 0xC4) {
			if (!parseHuffman(bytes, start, end, set)) {
				return unsupported('DHT');
			}
		} else if (marker === 0xDD) {
			if (length < 4) {
				return unsupported('DRI');
			}

			restartInterval = (bytes[start]! << 8) | bytes[start + 1]!;
		} else if (marker === 0xEE && length >= 14 && bytes[start] === 0x41 && bytes[start + 1] === 0x64 && bytes[start + 2] === 0x6F && bytes[start + 3] === 0x62 && bytes[start + 4] === 0x65) {
			// Adobe APP14: transform 0 on 3 components means the samples are RGB, not YCbCr.
			adobeRgb = bytes[start + 11] === 0;
		} else if (marker === 0xDA) {
			if (components === undefined || width === 0 || height === 0) {
				return unsupported('scan before frame');
			}

			// libjpeg's rule: Adobe transform 0, or component ids 'R', 'G', 'B', mean RGB samples.
			if (components.length === 3 && (adobeRgb || (components[0]!.id === 0x52 && components[1]!.id === 0x47 && components[2]!.id === 0x42))) {
				return unsupported('RGB samples');
			}

			const problem = parseScan(bytes, start, length, components, set);
			if (problem !== undefined) {
				return unsupported(problem);
			}

			for (const component of components) {
				if (quant[component.quantTable * 4] === 0) {
					return unsupported('missing DQT');
				}
			}

			return {kind: 'ok', header: {width, height, components, restartInterval, scanStart: end, quant}};
		}

		at = end;
	}

	return unsupported('no scan');
}
