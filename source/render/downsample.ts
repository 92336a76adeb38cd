import sharp from 'sharp';
import {CamtopError} from '../errors.js';
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

let tuned = false;

function tuneSharp(): void {
	if (tuned) {
		return;
	}

	tuned = true;
	// Frames are buffers that never repeat: libvips' operation cache only holds memory.
	sharp.cache(false);
	// Tiles are tiny (tens of kilopixels): one libvips thread per image, and parallelism
	// comes from several tiles decoding at once on libuv's pool.
	sharp.concurrency(1);
}

/**
Decode a JPEG at reduced scale and resize it straight to `width`×`height` pixels, letterboxed
on black with the aspect ratio kept. libjpeg-turbo's scaled decode (shrink-on-load) does most
of the reduction before any pixel is produced. A truncated or corrupt frame rejects with
CamtopError('ERR_DECODE').
*/
export async function downsample(jpeg: Uint8Array, width: number, height: number): Promise<Downsampled> {
	tuneSharp();
	width = Math.max(1, Math.floor(width));
	height = Math.max(1, Math.floor(height));
	try {
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

		const {data, info} = await image
			.resize(width, height, {fit: 'contain', background: {r: 0, g: 0, b: 0}})
			// Greyscale and CMYK JPEGs come out as 3-channel sRGB like everything else.
			.toColourspace('srgb')
			.removeAlpha()
			.raw()
			.toBuffer({resolveWithObject: true});
		if (info.channels !== 3 || info.width !== width || info.height !== height) {
			throw new CamtopError('ERR_DECODE', `Unexpected decoder output ${info.width}x${info.height}x${info.channels}`);
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
