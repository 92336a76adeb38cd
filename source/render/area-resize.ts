/*
Box-filter (area-average) reduction of a small RGB picture, for the DC decoder's 1/8 pictures
(jpeg-dc-decode.ts) brought to a tile's size. Each output pixel is the mean of the input area it
covers, fractional pixels weighted by their overlap, which is what a reduction by a non-integer
factor needs to neither alias nor blur.

The input's last column and row may stand for less than a whole pixel: a 1/8 picture's edge
block covers only the source pixels left when the size is not a multiple of 8 (the encoder's
padding beyond them is not picture). `extentX`/`extentY` say how much of the input is picture,
in input pixels (source width / 8), and the output maps onto exactly that.
*/

type AxisWeights = {
	readonly key: string;
	/** Per output pixel: first input index and how many inputs it averages. */
	readonly first: Int32Array;
	readonly count: Int32Array;
	/** Per output pixel, `count` weights (summing to 1), starting at `weightStart`. */
	readonly weightStart: Int32Array;
	readonly weights: Float64Array;
};

function axisWeights(inputSize: number, extent: number, outputSize: number): AxisWeights {
	const first = new Int32Array(outputSize);
	const count = new Int32Array(outputSize);
	const weightStart = new Int32Array(outputSize);
	const list: number[] = [];
	const step = extent / outputSize;
	for (let out = 0; out < outputSize; out++) {
		const from = out * step;
		const to = Math.min(extent, (out + 1) * step);
		const start = Math.min(inputSize - 1, Math.floor(from));
		const end = Math.min(inputSize, Math.ceil(to));
		first[out] = start;
		count[out] = Math.max(1, end - start);
		weightStart[out] = list.length;
		for (let index = start; index < start + count[out]!; index++) {
			const overlap = Math.min(to, index + 1) - Math.max(from, index);
			list.push(Math.max(0, overlap) / (to - from));
		}
	}

	return {key: `${inputSize}/${extent}/${outputSize}`, first, count, weightStart, weights: Float64Array.from(list)};
}

/** Reduces pictures; keeps the weights and scratch row of the last sizes (a tile's size rarely changes). */
export class AreaResizer {
	#horizontal: AxisWeights | undefined;
	#vertical: AxisWeights | undefined;
	#rows = new Float64Array(0);

	/**
	Reduce `input` (RGB, inputWidth × inputHeight) to `output` (RGB, outputWidth × outputHeight),
	mapping the input's first extentX × extentY pixels onto the output. Output sizes must not
	exceed the extents' rounded-up sizes (this only reduces).
	*/
	resize(input: Uint8Array, inputWidth: number, inputHeight: number, extentX: number, extentY: number, output: Uint8Array, outputWidth: number, outputHeight: number): void {
		const horizontalKey = `${inputWidth}/${extentX}/${outputWidth}`;
		if (this.#horizontal?.key !== horizontalKey) {
			this.#horizontal = axisWeights(inputWidth, extentX, outputWidth);
		}

		const verticalKey = `${inputHeight}/${extentY}/${outputHeight}`;
		if (this.#vertical?.key !== verticalKey) {
			this.#vertical = axisWeights(inputHeight, extentY, outputHeight);
		}

		const rowLength = outputWidth * 3;
		if (this.#rows.length < inputHeight * rowLength) {
			this.#rows = new Float64Array(inputHeight * rowLength);
		}

		const rows = this.#rows;
		const horizontal = this.#horizontal;
		const vertical = this.#vertical;
		// Horizontal pass: every input row reduced to the output's width.
		for (let y = 0; y < inputHeight; y++) {
			const inputRow = y * inputWidth * 3;
			let at = y * rowLength;
			for (let x = 0; x < outputWidth; x++) {
				let red = 0;
				let green = 0;
				let blue = 0;
				const start = horizontal.first[x]!;
				const weightAt = horizontal.weightStart[x]!;
				for (let index = 0; index < horizontal.count[x]!; index++) {
					const weight = horizontal.weights[weightAt + index]!;
					const pixel = inputRow + ((start + index) * 3);
					red += input[pixel]! * weight;
					green += input[pixel + 1]! * weight;
					blue += input[pixel + 2]! * weight;
				}

				rows[at++] = red;
				rows[at++] = green;
				rows[at++] = blue;
			}
		}

		// Vertical pass: output rows from the reduced input rows, rounded to the nearest level.
		for (let y = 0; y < outputHeight; y++) {
			const start = vertical.first[y]!;
			const weightAt = vertical.weightStart[y]!;
			const count = vertical.count[y]!;
			const outputRow = y * rowLength;
			for (let x = 0; x < rowLength; x++) {
				let sum = 0;
				for (let index = 0; index < count; index++) {
					sum += rows[((start + index) * rowLength) + x]! * vertical.weights[weightAt + index]!;
				}

				output[outputRow + x] = sum >= 255 ? 255 : (sum <= 0 ? 0 : (sum + 0.5) | 0);
			}
		}
	}
}
