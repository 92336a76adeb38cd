import {Buffer} from 'node:buffer';
import {spawnSync} from 'node:child_process';
import sharp from 'sharp';
import type {DcPicture} from '../../source/render/jpeg-dc-decode.js';

/*
Pictures and JPEGs for the DC decoder's tests (jpeg-dc-decode.test.ts), and the reference it is
compared with: sharp's full-size decode averaged over the regions the DC picture stands for.
*/

export const ffmpegMissing = spawnSync('ffmpeg', ['-version'], {stdio: 'ignore'}).status === 0 ? false : 'ffmpeg not installed';
export const cjpegMissing = spawnSync('cjpeg', ['-version'], {stdio: 'ignore'}).status === 0 ? false : 'cjpeg not installed (Debian libjpeg-turbo-progs)';

/** A deterministic camera-like picture: gradients, a few discs, and ±noise of sensor grain. */
export function scenePixels(width: number, height: number, seed = 1, noise = 6): Buffer {
	let state = seed >>> 0 || 1;
	const next = (): number => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 4_294_967_296;
	};

	const discs = Array.from({length: 4}, () => ({x: next() * width, y: next() * height, r: (0.1 + (next() * 0.25)) * Math.min(width, height), colour: [next() * 255, next() * 255, next() * 255]}));
	const pixels = Buffer.alloc(width * height * 3);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			let colour = [40 + ((y / height) * 150), 60 + ((x / width) * 120), 200 - ((y / height) * 120)];
			for (const disc of discs) {
				if (((x - disc.x) ** 2) + ((y - disc.y) ** 2) < disc.r ** 2) {
					colour = disc.colour;
				}
			}

			for (let channel = 0; channel < 3; channel++) {
				const value = colour[channel]! + ((next() - 0.5) * 2 * noise);
				pixels[(((y * width) + x) * 3) + channel] = Math.max(0, Math.min(255, Math.round(value)));
			}
		}
	}

	return pixels;
}

export type SharpJpegOptions = {quality?: number; chromaSubsampling?: '4:4:4' | '4:2:0'; optimiseCoding?: boolean; greyscale?: boolean; progressive?: boolean};

export async function sharpJpeg(width: number, height: number, options: SharpJpegOptions, seed = 1): Promise<Buffer> {
	let image = sharp(scenePixels(width, height, seed), {raw: {width, height, channels: 3}});
	if (options.greyscale) {
		image = image.greyscale();
	}

	return image.jpeg({
		quality: options.quality ?? 80,
		chromaSubsampling: options.chromaSubsampling ?? '4:2:0',
		optimiseCoding: options.optimiseCoding ?? true,
		progressive: options.progressive ?? false,
	}).toBuffer();
}

export type FfmpegJpegOptions = {pixelFormat: 'yuvj420p' | 'yuvj422p' | 'yuvj444p' | 'gray'; huffman: 'default' | 'optimal'; slices?: number; quality?: number};

/** One frame through ffmpeg's MJPEG encoder; slices > 1 make it write DRI and RSTn markers. */
export function ffmpegJpeg(width: number, height: number, options: FfmpegJpegOptions, seed = 1): Buffer {
	const slices = options.slices ?? 1;
	const result = spawnSync('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-s', `${width}x${height}`, '-i', '-',
		'-frames:v', '1', '-c:v', 'mjpeg', '-pix_fmt', options.pixelFormat, '-huffman', options.huffman,
		'-q:v', String(options.quality ?? 4), '-threads', String(slices), '-slices', String(slices), '-strict', 'unofficial', '-f', 'mjpeg', '-',
	], {input: scenePixels(width, height, seed), maxBuffer: 16 * 1024 * 1024});
	if (result.status !== 0 || result.stdout.length === 0) {
		throw new Error(`ffmpeg failed: ${result.stderr.toString()}`);
	}

	return result.stdout;
}

/**
One frame through libjpeg-turbo's cjpeg (PPM in), for what sharp and ffmpeg cannot make:
`-sample 1x2` (4:4:0), `-restart 5B` (restart intervals of any number of MCUs), `-arithmetic`.
*/
export function cjpegJpeg(width: number, height: number, args: string[], seed = 1): Buffer {
	const header = Buffer.from(`P6\n${width} ${height}\n255\n`, 'latin1');
	const result = spawnSync('cjpeg', ['-quality', '85', ...args], {input: Buffer.concat([header, scenePixels(width, height, seed)]), maxBuffer: 16 * 1024 * 1024});
	if (result.status !== 0 || result.stdout.length === 0) {
		throw new Error(`cjpeg failed: ${result.stderr.toString()}`);
	}

	return result.stdout;
}

/** `jpeg` without its DHT segments (a frame relying on the Annex K tables). */
export function withoutHuffmanTables(jpeg: Uint8Array): Buffer {
	const parts: Uint8Array[] = [jpeg.subarray(0, 2)];
	let at = 2;
	while (at + 4 <= jpeg.length) {
		const marker = jpeg[at + 1]!;
		if (marker === 0xDA) {
			parts.push(jpeg.subarray(at));
			break;
		}

		const end = at + 2 + ((jpeg[at + 2]! << 8) | jpeg[at + 3]!);
		if (marker !== 0xC4) {
			parts.push(jpeg.subarray(at, end));
		}

		at = end;
	}

	return Buffer.concat(parts);
}

export type Errors = {max: number; mean: number; regions: number};

/**
Compare a DC picture with sharp's full-size decode of the same JPEG, over regions of
regionWidth × regionHeight source pixels (8×8, or 16×16 and so on where chroma is subsampled:
a region must hold whole chroma blocks for the two to be comparable). Only whole regions are
compared: an edge block's mean includes the encoder's padding beyond the picture, whose content
is the encoder's choice (libjpeg repeats the edge pixels, ffmpeg does not), so it is not the
mean of the pixels sharp shows.
*/
export async function compareWithSharp(jpeg: Uint8Array, picture: DcPicture, regionWidth: number, regionHeight: number): Promise<Errors> {
	const full = await sharp(jpeg).toColourspace('srgb').removeAlpha().raw().toBuffer({resolveWithObject: true});
	const {width, height, channels} = full.info;
	let max = 0;
	let sum = 0;
	let count = 0;
	for (let regionY = 0; regionY < height; regionY += regionHeight) {
		for (let regionX = 0; regionX < width; regionX += regionWidth) {
			const endX = regionX + regionWidth;
			const endY = regionY + regionHeight;
			if (endX > width || endY > height) {
				continue;
			}

			for (let channel = 0; channel < 3; channel++) {
				let reference = 0;
				for (let y = regionY; y < endY; y++) {
					for (let x = regionX; x < endX; x++) {
						reference += full.data[(((y * width) + x) * channels) + Math.min(channel, channels - 1)]!;
					}
				}

				reference /= (endX - regionX) * (endY - regionY);
				let mean = 0;
				for (let blockY = regionY / 8; blockY < endY / 8; blockY++) {
					for (let blockX = regionX / 8; blockX < endX / 8; blockX++) {
						mean += picture.data[(((blockY * picture.width) + blockX) * 3) + channel]! * 64;
					}
				}

				mean /= (endX - regionX) * (endY - regionY);
				const error = Math.abs(mean - reference);
				max = Math.max(max, error);
				sum += error;
				count++;
			}
		}
	}

	return {max, mean: count === 0 ? 0 : sum / count, regions: count / 3};
}
