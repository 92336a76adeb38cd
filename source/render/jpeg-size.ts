/*
Reads a JPEG's pixel size from its SOF header without decoding (ITU T.81, B.1.1 and B.2.2):
walk the marker segments from SOI, skipping each by its length field, until a start-of-frame
marker. Cheap enough to run on every frame.
*/

export type JpegSize = {width: number; height: number; progressive: boolean};

function isStartOfFrame(marker: number): boolean {
	// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range.
	return marker >= 0xC0 && marker <= 0xCF && marker !== 0xC4 && marker !== 0xC8 && marker !== 0xCC;
}

function hasNoLength(marker: number): boolean {
	// TEM, RST0–7, SOI, EOI stand alone (T.81 Table B.1).
	return marker === 0x01 || (marker >= 0xD0 && marker <= 0xD9);
}

/** Width and height from the SOF header, or undefined when not a JPEG or no SOF before the scan. */
export function jpegSize(bytes: Uint8Array): JpegSize | undefined {
	if (bytes.length < 4 || bytes[0] !== 0xFF || bytes[1] !== 0xD8) {
		return undefined;
	}

	let index = 2;
	while (index + 3 < bytes.length) {
		if (bytes[index] !== 0xFF) {
			return undefined;
		}

		// Any number of 0xFF fill bytes may precede a marker (T.81 B.1.1.2).
		let marker = bytes[index + 1]!;
		while (marker === 0xFF && index + 2 < bytes.length) {
			index++;
			marker = bytes[index + 1]!;
		}

		index += 2;
		if (hasNoLength(marker)) {
			if (marker === 0xD9) {
				return undefined;
			}

			continue;
		}

		if (index + 1 >= bytes.length) {
			return undefined;
		}

		const length = (bytes[index]! << 8) | bytes[index + 1]!;
		if (length < 2) {
			return undefined;
		}

		if (isStartOfFrame(marker)) {
			if (index + 7 > bytes.length || length < 7) {
				return undefined;
			}

			const height = (bytes[index + 3]! << 8) | bytes[index + 4]!;
			const width = (bytes[index + 5]! << 8) | bytes[index + 6]!;
			// Height 0 means "defined later by DNL": not worth chasing for a live stream.
			if (width === 0 || height === 0) {
				return undefined;
			}

			return {width, height, progressive: marker === 0xC2 || marker === 0xC6 || marker === 0xCA || marker === 0xCE};
		}

		if (marker === 0xDA) {
			return undefined;
		}

		index += length;
	}

	return undefined;
}
