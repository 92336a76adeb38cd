import {Buffer} from 'node:buffer';
import type Sharp from 'sharp';
import {CamtopError} from '../errors.js';
import {AreaResizer} from './area-resize.js';
import {JpegDcDecoder} from './jpeg-dc-decode.js';
import {jpegSize} from './jpeg-size.js';

/** Raw RGB pixels, 3 bytes per pixel, row-major, no padding. */
export type Pixels = {
	data: Uint8Array;
	width: number;
	height: number;
};

export type Downsampled = Pixels & {
	/** The decoded image's own size, before scaling. */
	sourceWidth: number;
	sourceHeight: number;
};

// A 100 MP frame is far beyond any camera; a bigger SOF is a hostile or broken header.
export const MAX_INPUT_PIXELS = 100_000_000;

let sharpLoading: Promise<typeof Sharp> | undefined;

/**
sharp, loaded on the first frame the DC path cannot take: a monitor whose frames all take it
never loads libvips (~20 MB of RSS with its thread pool's malloc arenas).
*/
async function loadSharp(): Promise<typeof Sharp> {
	sharpLoading ??= import('sharp').then(module => {
		const sharp = module.default;
		// Frames are buffers that never repeat: libvips' operation cache only holds memory.
		sharp.cache(false);
		// Tiles are tiny (tens of kilopixels): one libvips thread per image, and parallelism
		// comes from several tiles decoding at once on libuv's pool.
		sharp.concurrency(1);
		return sharp;
	});
	return sharpLoading;
}

// Calls are synchronous from decode to resize, so one decoder and resizer serve every tile.
const dcDecoder = new JpegDcDecoder();
const resizer = new AreaResizer();

/** Set while this turn of the event loop has run a DC decode; settles at the next turn. */
let turnTaken: Promise<void> | undefined;

/**
Wait until no DC decode has run in this turn of the event loop. The DC path decodes on the
calling (main) thread, ~1–2 ms a frame, and the render loop starts many tiles' decodes in one
turn: in one piece they would hold keys and socket reads for tens of milliseconds (32 cameras:
key p99 130–200 ms). One decode a turn lets I/O in between; a lone decode does not wait.
*/
async function takeTurn(): Promise<void> {
	while (turnTaken !== undefined) {
		await turnTaken;
	}

	turnTaken = new Promise(resolve => {
		setImmediate(() => {
			turnTaken = undefined;
			resolve();
		});
	});
}

export type DecodePath = 'dc' | 'sharp';

/** Which path each decode took, for the benches and tests. */
export const decodeCounts: Record<DecodePath, number> = {dc: 0, sharp: 0};

/**
The DC path (jpeg-dc-decode.ts): a baseline JPEG whose fitted size is at most its 1/8 picture
on both axes, which every text-mode tile is (720p → 160×90 at most). Returns undefined when
the frame must go to sharp; throws CamtopError('ERR_DECODE') for a truncated frame.
*/
async function decodeSmall(jpeg: Uint8Array, width: number, height: number): Promise<Downsampled | undefined> {
	const size = jpegSize(jpeg);
	if (size === undefined || size.progressive) {
		return undefined;
	}

	const fitted = containedSize(size, width, height);
	const blocksWide = Math.ceil(size.width / 8);
	const blocksHigh = Math.ceil(size.height / 8);
	if (fitted.width > blocksWide || fitted.height > blocksHigh) {
		return undefined;
	}

	await takeTurn();
	const result = dcDecoder.decode(jpeg, MAX_INPUT_PIXELS);
	if (result.kind !== 'ok') {
		return undefined;
	}

	const {picture} = result;
	let data: Uint8Array = Buffer.allocUnsafe(fitted.width * fitted.height * 3);
	if (fitted.width === picture.width && fitted.height === picture.height && size.width % 8 === 0 && size.height % 8 === 0) {
		data.set(picture.data);
	} else {
		resizer.resize(picture.data, picture.width, picture.height, size.width / 8, size.height / 8, data, fitted.width, fitted.height);
	}

	if (fitted.width !== width || fitted.height !== height) {
		data = letterbox(data, fitted, width, height);
	}

	decodeCounts.dc++;
	return {data, width, height, sourceWidth: size.width, sourceHeight: size.height};
}

/** The largest size with the source's aspect ratio that fits in width × height (at least 1×1). */
export function containedSize(source: {width: number; height: number}, width: number, height: number): {width: number; height: number} {
	const scale = Math.min(width / source.width, height / source.height);
	return {
		width: Math.max(1, Math.min(width, Math.round(source.width * scale))),
		height: Math.max(1, Math.min(height, Math.round(source.height * scale))),
	};
}

/** Centre `data` (fitted size, RGB) on a black width × height picture. */
function letterbox(data: Uint8Array, fitted: {width: number; height: number}, width: number, height: number): Uint8Array {
	const out = Buffer.alloc(width * height * 3);
	const left = Math.floor((width - fitted.width) / 2);
	const top = Math.floor((height - fitted.height) / 2);
	const row = fitted.width * 3;
	for (let y = 0; y < fitted.height; y++) {
		out.set(data.subarray(y * row, (y + 1) * row), (((top + y) * width) + left) * 3);
	}

	return out;
}

/**
Decode a JPEG at reduced scale and resize it straight to `width`×`height` pixels, letterboxed
on black with the aspect ratio kept. A tile of at most 1/8 of the camera's size takes the DC
path (camtop's own decoder of each block's mean, on the calling thread); anything else goes to
sharp, whose libjpeg-turbo scaled decode (shrink-on-load) does most of the reduction before any
pixel is produced. A truncated or corrupt frame rejects with CamtopError('ERR_DECODE').
*/
export async function downsample(jpeg: Uint8Array, width: number, height: number): Promise<Downsampled> {
	return decodeBy(jpeg, width, height, true);
}

/** The sharp path alone, whatever the tile's size (bench/decode.ts compares the two paths). */
export async function downsampleWithSharp(jpeg: Uint8Array, width: number, height: number): Promise<Downsampled> {
	return decodeBy(jpeg, width, height, false);
}

async function decodeBy(jpeg: Uint8Array, width: number, height: number, allowDc: boolean): Promise<Downsampled> {
	width = Math.max(1, Math.floor(width));
	height = Math.max(1, Math.floor(height));
	try {
		const small = allowDc ? await decodeSmall(jpeg, width, height) : undefined;
		if (small !== undefined) {
			return small;
		}

		const sharp = await loadSharp();
		decodeCounts.sharp++;
		let source: {width: number; height: number} | undefined = jpegSize(jpeg);
		const image = sharp(jpeg, {
			// 'truncated' rejects frames cut short (a dropped connection mid-frame) while still
			// showing frames with the minor corruption warnings some cameras always produce.
			failOn: 'truncated',
			limitInputPixels: MAX_INPUT_PIXELS,
			sequentialRead: true,
		});
		if (source === undefined) {
			// Not a parseable JPEG header: let libvips sniff the format (a snapshot may be PNG).
			const metadata = await image.metadata();
			if (!metadata.width || !metadata.height) {
				throw new CamtopError('ERR_DECODE', 'Image has no dimensions');
			}

			source = {width: metadata.width, height: metadata.height};
		}

		// Resize straight to the letterboxed picture's own size with `fit: 'fill'` and add the
		// black bars here: sharp's `contain` adds an embed step that costs ~0.5 ms CPU and
		// ~2.5 ms of latency per call (bench/render.ts). 720p to 160×90 is exactly 1/8: the
		// whole reduction is libjpeg-turbo's scaled decode.
		const fitted = containedSize(source, width, height);
		const result = await image.resize(fitted.width, fitted.height, {fit: 'fill'}).raw().toBuffer({resolveWithObject: true});
		let data: Uint8Array = result.data;
		const {info} = result;
		if (info.channels !== 3) {
			// Greyscale, CMYK or alpha: the slower pipeline that converts to 3-channel sRGB.
			const converted = await sharp(jpeg, {failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS})
				.resize(fitted.width, fitted.height, {fit: 'fill'})
				.toColourspace('srgb')
				.removeAlpha()
				.raw()
				.toBuffer({resolveWithObject: true});
			data = converted.data;
			if (converted.info.channels !== 3) {
				throw new CamtopError('ERR_DECODE', `Unexpected decoder output ${converted.info.width}x${converted.info.height}x${converted.info.channels}`);
			}
		}

		if (info.width !== fitted.width || info.height !== fitted.height) {
			throw new CamtopError('ERR_DECODE', `Unexpected decoder output ${info.width}x${info.height}x${info.channels}`);
		}

		if (fitted.width !== width || fitted.height !== height) {
			data = letterbox(data, fitted, width, height);
		}

		return {data, width, height, sourceWidth: source.width, sourceHeight: source.height};
	} catch (error) {
		if (error instanceof CamtopError) {
			throw error;
		}

		const message = error instanceof Error ? error.message : String(error);
		throw new CamtopError('ERR_DECODE', `Cannot decode frame: ${message.trim()}`, {cause: error});
	}
}
