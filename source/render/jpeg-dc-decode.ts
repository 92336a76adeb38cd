import {CamtopError} from '../errors.js';
import {createHuffmanSet, type HuffmanSet} from './jpeg-huffman.js';
import {greyToRgb, ycbcrToRgb, type DcPlane} from './jpeg-dc-colour.js';
import {readJpegHeader, type JpegHeader} from './jpeg-markers.js';
import {decodeScan, MAX_MCU_BLOCKS, SCAN_BAD_CODE, SCAN_PAD, SCAN_SHORT, type ScanPlan, unstuffScan, UNSTUFF_BAD_RESTART, UNSTUFF_NO_END} from './jpeg-scan.js';

/*
A JPEG decoded at 1/8 scale from its DC coefficients: each 8×8 block's mean is its DC value ×
quantiser / 8 + 128 (T.81 A.3.3 with the level shift), the luma of libjpeg-turbo's 1/8 scaled
decode, without any AC dequantisation or IDCT; a subsampled component's halves also use its
first AC values (jpeg-dc-colour.ts). Camtop's text tiles are never larger than 1/8 of the
camera, so this is all they need (see downsample.ts).

Outcomes: the picture; 'unsupported' (the caller uses sharp: a kind of JPEG this decoder does
not handle, or entropy data it cannot make sense of, which libjpeg may still show); or
CamtopError('ERR_DECODE') for a frame cut short: no marker ends the scan, fewer restart
intervals than the frame needs, the scan needs more bits than it holds, or it is too short for
the blocks its header claims. Such a frame would otherwise be drawn with grey below the cut.
*/

export type DcPicture = {
	/** RGB, 3 bytes a pixel, ceil(sourceWidth / 8) × ceil(sourceHeight / 8). Reused by the next decode. */
	data: Uint8Array;
	width: number;
	height: number;
	sourceWidth: number;
	sourceHeight: number;
};

export type DcResult = {kind: 'ok'; picture: DcPicture} | {kind: 'unsupported'; reason: string};

function ceilDiv(value: number, divisor: number): number {
	return Math.floor((value + divisor - 1) / divisor);
}

export class JpegDcDecoder {
	readonly #set: HuffmanSet = createHuffmanSet();
	#clean = new Uint8Array(0);
	#segmentEnds = new Int32Array(0);
	#out = new Int32Array(0);
	#low = new Int32Array(0);
	#rgb = new Uint8Array(0);
	readonly #plan: ScanPlan = {
		view: new DataView(this.#clean.buffer),
		segmentEnds: this.#segmentEnds,
		mcusX: 0,
		mcusY: 0,
		restartInterval: 0,
		blocks: 0,
		dcSlot: new Int32Array(MAX_MCU_BLOCKS),
		acSlot: new Int32Array(MAX_MCU_BLOCKS),
		component: new Int32Array(MAX_MCU_BLOCKS),
		offset: new Int32Array(MAX_MCU_BLOCKS),
		columnStep: new Int32Array(MAX_MCU_BLOCKS),
		rowStep: new Int32Array(MAX_MCU_BLOCKS),
		out: this.#out,
		keepLow: new Int32Array(MAX_MCU_BLOCKS),
		low: this.#low,
		predictors: new Int32Array(4),
	};

	/** Component c's DC values start at `bases[c]`, one row of `strides[c]` blocks per block row. */
	readonly #bases = [0, 0, 0];
	readonly #strides = [0, 0, 0];

	/**
	Decode `jpeg` at 1/8 scale. `maxPixels` bounds the frame size (and so the memory used).
	The returned picture's buffer is overwritten by the next call.
	*/
	decode(jpeg: Uint8Array, maxPixels: number): DcResult {
		this.#set.defined.fill(0);
		const parsed = readJpegHeader(jpeg, this.#set);
		if (parsed.kind !== 'ok') {
			return parsed;
		}

		const {header} = parsed;
		if (header.width * header.height > maxPixels) {
			return {kind: 'unsupported', reason: 'too many pixels'};
		}

		const scanBytes = jpeg.length - header.scanStart;
		const mcuCount = this.#layOut(header, scanBytes);
		const plan = this.#plan;
		const expected = header.restartInterval === 0 ? 1 : ceilDiv(mcuCount, header.restartInterval);
		if (this.#clean.length < scanBytes + SCAN_PAD) {
			this.#clean = new Uint8Array(scanBytes + SCAN_PAD);
			plan.view = new DataView(this.#clean.buffer);
		}

		if (this.#segmentEnds.length < expected) {
			this.#segmentEnds = new Int32Array(expected);
			plan.segmentEnds = this.#segmentEnds;
		}

		const segments = unstuffScan(jpeg, header.scanStart, this.#clean, this.#segmentEnds, expected);
		if (segments === UNSTUFF_NO_END) {
			throw new CamtopError('ERR_DECODE', 'Cannot decode frame: the JPEG data ends inside its scan (truncated)');
		}

		if (segments === UNSTUFF_BAD_RESTART) {
			return {kind: 'unsupported', reason: 'restart markers out of order'};
		}

		if (segments < expected) {
			throw new CamtopError('ERR_DECODE', `Cannot decode frame: ${segments} of ${expected} restart intervals (truncated)`);
		}

		const status = decodeScan(plan, this.#set);
		if (status === SCAN_SHORT) {
			throw new CamtopError('ERR_DECODE', 'Cannot decode frame: the scan ends before its last block (truncated)');
		}

		if (status === SCAN_BAD_CODE) {
			return {kind: 'unsupported', reason: 'corrupt entropy data'};
		}

		return {kind: 'ok', picture: this.#toRgb(header)};
	}

	/**
	Fill the scan plan for this frame's components; returns the number of MCUs. Throws
	ERR_DECODE when `scanBytes` cannot hold that many blocks: every block takes at least two
	bits (a DC code and an EOB), so a header claiming far more blocks than its data could code
	is a truncated or forged frame, refused before any memory is sized by it.
	*/
	#layOut(header: JpegHeader, scanBytes: number): number {
		const plan = this.#plan;
		const {components} = header;
		let maxH = 1;
		let maxV = 1;
		for (const component of components) {
			maxH = Math.max(maxH, component.h);
			maxV = Math.max(maxV, component.v);
		}

		let total = 0;
		let blocks = 0;
		if (components.length === 1) {
			// A one-component scan is not interleaved: one block per MCU, whatever its sampling (T.81 A.2.2).
			const component = components[0]!;
			plan.mcusX = ceilDiv(header.width, 8);
			plan.mcusY = ceilDiv(header.height, 8);
			this.#strides[0] = plan.mcusX;
			this.#bases[0] = 0;
			this.#setBlock(0, component.dcSlot, component.acSlot, 0, 0, 1, plan.mcusX, false);
			blocks = 1;
			total = plan.mcusX * plan.mcusY;
		} else {
			plan.mcusX = ceilDiv(header.width, 8 * maxH);
			plan.mcusY = ceilDiv(header.height, 8 * maxV);
			for (const [index, component] of components.entries()) {
				const stride = plan.mcusX * component.h;
				const subsampled = component.h < maxH || component.v < maxV;
				this.#strides[index] = stride;
				this.#bases[index] = total;
				for (let v = 0; v < component.v; v++) {
					for (let h = 0; h < component.h; h++) {
						this.#setBlock(blocks++, component.dcSlot, component.acSlot, index, total + (v * stride) + h, component.h, component.v * stride, subsampled);
					}
				}

				total += stride * plan.mcusY * component.v;
			}
		}

		plan.blocks = blocks;
		plan.restartInterval = header.restartInterval;
		if (total > scanBytes * 4) {
			throw new CamtopError('ERR_DECODE', `Cannot decode frame: ${scanBytes} bytes of scan for ${total} blocks (truncated)`);
		}

		if (this.#out.length < total) {
			this.#out = new Int32Array(total);
			plan.out = this.#out;
			this.#low = new Int32Array(total * 3);
			plan.low = this.#low;
		}

		return plan.mcusX * plan.mcusY;
	}

	#setBlock(block: number, dcSlot: number, acSlot: number, component: number, offset: number, columnStep: number, rowStep: number, keepLow: boolean): void {
		const plan = this.#plan;
		plan.keepLow[block] = keepLow ? 1 : 0;
		plan.dcSlot[block] = dcSlot;
		plan.acSlot[block] = acSlot;
		plan.component[block] = component;
		plan.offset[block] = offset;
		plan.columnStep[block] = columnStep;
		plan.rowStep[block] = rowStep;
	}

	/** Block means → RGB pixels (jpeg-dc-colour.ts), one per luma block. */
	#toRgb(header: JpegHeader): DcPicture {
		const width = ceilDiv(header.width, 8);
		const height = ceilDiv(header.height, 8);
		if (this.#rgb.length < width * height * 3) {
			this.#rgb = new Uint8Array(width * height * 3);
		}

		const {components, quant} = header;
		const planes = components.map((component, index): DcPlane => ({component, base: this.#bases[index]!, stride: this.#strides[index]!, quant: quant.subarray(component.quantTable * 4, (component.quantTable + 1) * 4)}));
		if (planes.length === 3) {
			ycbcrToRgb(this.#out, this.#low, planes as [DcPlane, DcPlane, DcPlane], this.#rgb, width, height);
		} else {
			greyToRgb(this.#out, planes[0]!, this.#rgb, width, height);
		}

		return {data: this.#rgb.subarray(0, width * height * 3), width, height, sourceWidth: header.width, sourceHeight: header.height};
	}
}
