import {downsample} from '../render/downsample.js';

/** Widest picture `snapshot --print` draws, in cells, whatever the terminal. */
const MAX_COLUMNS = 200;
/** Luminance ramp for terminals without colour, darkest first. */
const RAMP = ' .:-=+*#%@';
/** Terminal cells are about twice as tall as wide. */
const CELL_ASPECT = 2;

export type PrintOptions = {
	/** Terminal columns available. */
	readonly columns: number;
	/** Terminal rows available (the picture leaves one for the prompt). */
	readonly rows: number;
	/** Truecolor half-blocks, or an ASCII ramp (`NO_COLOR`, `TERM=dumb`). */
	readonly colour: boolean;
};

/**
A JPEG drawn as text: truecolor `▀` half-blocks (two pixel rows a cell) or ASCII, sized
to fit the terminal with the picture's aspect ratio. Each line ends with a colour reset,
so the terminal is left as it was.
*/
export async function frameAsText(jpeg: Uint8Array, width: number, height: number, options: PrintOptions): Promise<string> {
	const fitColumns = Math.max(1, Math.min(options.columns, MAX_COLUMNS));
	const fitRows = Math.max(1, options.rows - 1);
	// Cell rows needed for the picture at full terminal width, keeping its aspect ratio.
	const scale = Math.min(fitColumns / width, (fitRows * CELL_ASPECT) / height);
	const columns = Math.max(1, Math.round(width * scale));
	const rows = Math.max(1, Math.round((height * scale) / CELL_ASPECT));
	const pixelRows = options.colour ? rows * 2 : rows;
	const {data} = await downsample(jpeg, columns, pixelRows);
	const at = (x: number, y: number): [number, number, number] => {
		const index = ((y * columns) + x) * 3;
		return [data[index]!, data[index + 1]!, data[index + 2]!];
	};

	const lines: string[] = [];
	for (let row = 0; row < rows; row++) {
		let line = '';
		for (let x = 0; x < columns; x++) {
			if (options.colour) {
				const [r1, g1, b1] = at(x, row * 2);
				const [r2, g2, b2] = at(x, (row * 2) + 1);
				line += `\u001B[38;2;${r1};${g1};${b1};48;2;${r2};${g2};${b2}m▀`;
			} else {
				const [r, g, b] = at(x, row);
				const luminance = ((0.2126 * r) + (0.7152 * g) + (0.0722 * b)) / 255;
				line += RAMP[Math.min(RAMP.length - 1, Math.floor(luminance * RAMP.length))];
			}
		}

		lines.push(options.colour ? `${line}\u001B[0m` : line);
	}

	return `${lines.join('\n')}\n`;
}
