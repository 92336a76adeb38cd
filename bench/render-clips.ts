import sharp from 'sharp';

/*
The benchmark's clips, made here so every run sees the same frames: a 1280×720 synthetic
outdoor scene (sky gradient, buildings with windows, a road, textured ground) as 15 fps
JPEGs at quality 80, like a camera's MJPEG.

- noisy:  fixed camera, a 96×64 "car" crosses the road, every pixel carries sensor noise
          (Gaussian, sigma NOISE_SIGMA per channel, new every frame);
- clean:  the same without noise;
- motion: the camera pans across a scene twice as wide (every pixel changes), with noise.
*/

export const CLIP_WIDTH = 1280;
export const CLIP_HEIGHT = 720;
export const NOISE_SIGMA = 3;

export type ClipName = 'noisy' | 'clean' | 'motion';
export type Clip = {name: ClipName; description: string; frames: Uint8Array[]};

/** Deterministic pseudo-random numbers (xorshift32). */
function random(seed: number): () => number {
	let state = seed || 1;
	return () => {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		return (state >>> 0) / 4_294_967_296;
	};
}

function scene(width: number, height: number): Uint8Array {
	const data = new Uint8Array(width * height * 3);
	const next = random(7);
	const horizon = Math.floor(height * 0.55);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const p = ((y * width) + x) * 3;
			if (y < horizon) {
				const t = y / horizon;
				data[p] = 90 + (80 * t);
				data[p + 1] = 140 + (60 * t);
				data[p + 2] = 220 - (30 * t);
			} else {
				// Grass with a fixed texture (not noise: it is the same every frame).
				const grain = Math.floor(next() * 24);
				data[p] = 60 + grain;
				data[p + 1] = 110 + grain;
				data[p + 2] = 50 + (grain >> 1);
			}
		}
	}

	const fill = (x0: number, y0: number, w: number, h: number, color: [number, number, number]): void => {
		for (let y = Math.max(0, y0); y < Math.min(height, y0 + h); y++) {
			for (let x = Math.max(0, x0); x < Math.min(width, x0 + w); x++) {
				data.set(color, ((y * width) + x) * 3);
			}
		}
	};

	for (let building = 0; building * 170 < width; building++) {
		const x0 = (building * 170) + 20;
		const top = 120 + Math.floor(next() * 180);
		const shade = 110 + Math.floor(next() * 90);
		fill(x0, top, 140, horizon - top, [shade, shade - 20, shade - 40]);
		for (let wy = top + 20; wy < horizon - 30; wy += 40) {
			for (let wx = x0 + 15; wx < x0 + 125; wx += 35) {
				fill(wx, wy, 18, 24, next() < 0.4 ? [250, 230, 140] : [40, 50, 70]);
			}
		}
	}

	fill(0, horizon + 60, width, 90, [70, 70, 75]);
	for (let x = 0; x < width; x += 80) {
		fill(x, horizon + 100, 40, 8, [230, 230, 230]);
	}

	return data;
}

function addNoise(data: Uint8Array, next: () => number): void {
	for (let index = 0; index < data.length; index += 2) {
		// Box–Muller: two Gaussian samples per pair of uniform samples.
		const radius = Math.sqrt(-2 * Math.log(next() + 1e-12)) * NOISE_SIGMA;
		const angle = 2 * Math.PI * next();
		data[index] = Math.max(0, Math.min(255, data[index]! + Math.round(radius * Math.cos(angle))));
		if (index + 1 < data.length) {
			data[index + 1] = Math.max(0, Math.min(255, data[index + 1]! + Math.round(radius * Math.sin(angle))));
		}
	}
}

async function jpeg(data: Uint8Array, width: number, height: number): Promise<Uint8Array> {
	return sharp(data, {raw: {width, height, channels: 3}}).jpeg({quality: 80}).toBuffer();
}

export async function makeClip(name: ClipName, frames: number): Promise<Clip> {
	const wide = name === 'motion';
	const sceneWidth = wide ? CLIP_WIDTH * 2 : CLIP_WIDTH;
	const background = scene(sceneWidth, CLIP_HEIGHT);
	const next = random(11);
	const out: Uint8Array[] = [];
	for (let frame = 0; frame < frames; frame++) {
		let data: Uint8Array;
		if (wide) {
			// Pan 24 px a frame: every pixel of the view changes.
			data = new Uint8Array(CLIP_WIDTH * CLIP_HEIGHT * 3);
			const offset = (frame * 24) % (sceneWidth - CLIP_WIDTH);
			for (let y = 0; y < CLIP_HEIGHT; y++) {
				const start = ((y * sceneWidth) + offset) * 3;
				data.set(background.subarray(start, start + (CLIP_WIDTH * 3)), y * CLIP_WIDTH * 3);
			}
		} else {
			data = background.slice();
			const carX = 100 + (frame * 12);
			const carY = Math.floor(CLIP_HEIGHT * 0.55) + 75;
			for (let y = carY; y < carY + 64; y++) {
				for (let x = carX; x < carX + 96; x++) {
					data.set(y < carY + 20 ? [40, 40, 60] : [200, 30, 30], ((y * CLIP_WIDTH) + x) * 3);
				}
			}
		}

		if (name !== 'clean') {
			addNoise(data, next);
		}

		out.push(await jpeg(data, CLIP_WIDTH, CLIP_HEIGHT));
	}

	const description = {
		noisy: `fixed camera, a 96×64 object moving, sensor noise σ=${NOISE_SIGMA}`,
		clean: 'fixed camera, a 96×64 object moving, no noise',
		motion: `camera panning 24 px/frame (every pixel changes), noise σ=${NOISE_SIGMA}`,
	}[name];
	return {name, description, frames: out};
}
