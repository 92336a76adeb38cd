/*
What a JPEG frame is, and whether it is whole, without decoding it (ITU T.81 Annex B):
walk the marker segments from SOI by their length fields, read the SOF header (size,
coding process, components and their sampling factors), and hop through each scan's
entropy-coded data from one 0xFF byte to the next (native `indexOf`) to check that the
only markers inside are stuffing (FF 00) and restarts (FF D0–D7), until EOI.
*/

/** T.81 Table B.1 coding processes, as people name them. */
export type JpegProcess = 'baseline' | 'extended' | 'progressive' | 'lossless';

export type JpegInfo = {
	readonly width: number;
	readonly height: number;
	readonly process: JpegProcess;
	/** Entropy coding; arithmetic coding is rare and many decoders lack it. */
	readonly coding: 'huffman' | 'arithmetic';
	/** Hierarchical mode (SOF5–7, SOF13–15); almost no decoder supports it. */
	readonly hierarchical: boolean;
	readonly components: number;
	/** `4:2:0`, `4:2:2`, `4:4:4`, `4:4:0`, `4:1:1`, `gray`, or the raw factors (`2x2,1x1,1x1`). */
	readonly subsampling: string;
};

export type JpegInspection = {
	/** From the SOF header; undefined when there was none before the problem. */
	readonly info: JpegInfo | undefined;
	/** Why the frame is not a whole JPEG; undefined when it is. */
	readonly problem: string | undefined;
	/** Bytes after the EOI marker (a Content-Length that counts the line end, or padding); 0 when none. */
	readonly trailingBytes: number;
};

const SOI = 0xD8;
const EOI = 0xD9;
const SOS = 0xDA;

function isStartOfFrame(marker: number): boolean {
	// SOF0–SOF15 share 0xC0–0xCF with DHT (C4), JPG (C8) and DAC (CC).
	return marker >= 0xC0 && marker <= 0xCF && marker !== 0xC4 && marker !== 0xC8 && marker !== 0xCC;
}

function processOf(marker: number): JpegProcess {
	switch (marker & 0x03) {
		case 0: {
			return 'baseline';
		}

		case 1: {
			return 'extended';
		}

		case 2: {
			return 'progressive';
		}

		default: {
			return 'lossless';
		}
	}
}

/** The chroma subsampling, from the sampling factors of Y, Cb and Cr. */
export function subsamplingLabel(factors: ReadonlyArray<readonly [number, number]>): string {
	if (factors.length === 1) {
		return 'gray';
	}

	const raw = factors.map(([h, v]) => `${h}x${v}`).join(',');
	const [luma, cb, cr] = factors;
	if (factors.length !== 3 || !luma || !cb || !cr || cb[0] !== cr[0] || cb[1] !== cr[1]) {
		return raw;
	}

	const horizontal = luma[0] / cb[0];
	const vertical = luma[1] / cb[1];
	const known: Record<string, string> = {'1,1': '4:4:4', '2,1': '4:2:2', '2,2': '4:2:0', '1,2': '4:4:0', '4,1': '4:1:1', '4,2': '4:1:0'};
	return known[`${horizontal},${vertical}`] ?? raw;
}

function readFrameHeader(bytes: Uint8Array, marker: number, at: number, length: number): JpegInfo | string {
	// Lf, P, Y, X, Nf, then three bytes per component (T.81 B.2.2).
	if (length < 8) {
		return 'SOF header too short';
	}

	const height = (bytes[at + 3]! << 8) | bytes[at + 4]!;
	const width = (bytes[at + 5]! << 8) | bytes[at + 6]!;
	const components = bytes[at + 7]!;
	if (components === 0 || length < 8 + (components * 3)) {
		return 'SOF header lists no components or is cut short';
	}

	if (width === 0) {
		return 'SOF header gives a width of 0';
	}

	const factors: Array<[number, number]> = [];
	for (let index = 0; index < components; index++) {
		const sampling = bytes[at + 9 + (index * 3)]!;
		factors.push([sampling >> 4, sampling & 0x0F]);
	}

	return {
		width,
		// Height 0 means "given later by a DNL marker"; reported as 0.
		height,
		process: processOf(marker),
		coding: marker >= 0xC9 ? 'arithmetic' : 'huffman',
		hierarchical: (marker & 0x07) >= 5,
		components,
		subsampling: subsamplingLabel(factors),
	};
}

/**
Skip one scan's entropy-coded data from `from`: returns the index of the first marker
that ends it (an 0xFF not followed by 00, D0–D7 or another FF), or -1 when the data runs
to the end of the bytes.
*/
function endOfScan(bytes: Uint8Array, from: number): number {
	let index = from;
	for (;;) {
		const ff = bytes.indexOf(0xFF, index);
		if (ff === -1 || ff + 1 >= bytes.length) {
			return -1;
		}

		const next = bytes[ff + 1]!;
		if (next === 0x00 || (next >= 0xD0 && next <= 0xD7) || next === 0xFF) {
			// Stuffed data byte, a restart marker, or fill before a marker.
			index = ff + 1;
			continue;
		}

		return ff;
	}
}

/** Inspect a frame that should be one whole JPEG. Never throws. */
export function inspectJpeg(bytes: Uint8Array): JpegInspection {
	if (bytes.length < 4 || bytes[0] !== 0xFF || bytes[1] !== SOI) {
		return {info: undefined, problem: 'does not start with a JPEG SOI marker', trailingBytes: 0};
	}

	let info: JpegInfo | undefined;
	let scans = 0;
	let index = 2;
	const fail = (problem: string): JpegInspection => ({info, problem, trailingBytes: 0});
	while (index < bytes.length) {
		if (bytes[index] !== 0xFF) {
			return fail(`no marker where one must be (offset ${index})`);
		}

		// Any number of 0xFF fill bytes may precede a marker (T.81 B.1.1.2).
		while (bytes[index + 1] === 0xFF) {
			index++;
		}

		if (index + 1 >= bytes.length) {
			break;
		}

		const marker = bytes[index + 1]!;
		index += 2;
		if (marker === EOI) {
			if (info === undefined) {
				return fail('ends before any frame header (SOF)');
			}

			return scans === 0 ? fail('has no image data (no SOS scan)') : {info, problem: undefined, trailingBytes: bytes.length - index};
		}

		if (marker === 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
			// TEM and stray restart markers stand alone.
			continue;
		}

		if (marker === SOI || marker === 0x00 || (marker >= 0x02 && marker <= 0xBF)) {
			return fail(`holds an invalid marker FF ${marker.toString(16).toUpperCase().padStart(2, '0')} (offset ${index - 2})`);
		}

		if (index + 2 > bytes.length) {
			break;
		}

		const length = (bytes[index]! << 8) | bytes[index + 1]!;
		if (length < 2) {
			return fail(`holds a segment with a length of ${length} (offset ${index - 2})`);
		}

		if (index + length > bytes.length) {
			break;
		}

		if (isStartOfFrame(marker)) {
			if (info !== undefined) {
				return fail('has a second frame header (SOF)');
			}

			const header = readFrameHeader(bytes, marker, index, length);
			if (typeof header === 'string') {
				return fail(header);
			}

			info = header;
		}

		index += length;
		if (marker === SOS) {
			if (info === undefined) {
				return fail('starts a scan before its frame header (SOS before SOF)');
			}

			scans++;
			const end = endOfScan(bytes, index);
			if (end === -1) {
				break;
			}

			index = end;
		}
	}

	return fail(scans === 0 && info === undefined ? 'is cut off inside its headers' : 'is cut off: no EOI marker at the end');
}
