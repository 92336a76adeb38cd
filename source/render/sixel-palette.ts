import {SIXEL_LEVELS} from './sixel-index.js';

export {SIXEL_LEVELS} from './sixel-index.js';

/*
The fixed palette of camtop's sixel (sixel-painter.ts): a 5×5×5 colour cube, colour index
red level·25 + green level·5 + blue level, each level round(value·4/255). sixel-index.ts
turns pixels into these indices fast; this file is the definition, and what a sequence
writes to define a register.
*/

/** How many colours the palette has (125). */
export const SIXEL_COLORS = SIXEL_LEVELS ** 3;
const LEVEL_OF = Uint8Array.from({length: 256}, (_, value) => Math.round((value * (SIXEL_LEVELS - 1)) / 255));
const LEVEL_VALUE = Array.from({length: SIXEL_LEVELS}, (_, level) => Math.round((level * 255) / (SIXEL_LEVELS - 1)));

/** `;2;r;g;b` (RGB in percent, DEC STD 070's colour introducer) for each colour index. */
export const SIXEL_DEFINITION: readonly string[] = Array.from({length: SIXEL_COLORS}, (_, color) => {
	const percent = (level: number) => Math.round((LEVEL_VALUE[level]! * 100) / 255);
	return `;2;${percent(Math.floor(color / 25))};${percent(Math.floor(color / 5) % 5)};${percent(color % 5)}`;
});

/** The palette colour a pixel is drawn with. */
export function sixelColor(r: number, g: number, b: number): [number, number, number] {
	return [LEVEL_VALUE[LEVEL_OF[r]!]!, LEVEL_VALUE[LEVEL_OF[g]!]!, LEVEL_VALUE[LEVEL_OF[b]!]!];
}

/** The palette colour index (0–124) of a pixel by definition: red·25 + green·5 + blue levels, each round(value·4/255). */
export function sixelColorIndex(r: number, g: number, b: number): number {
	return (LEVEL_OF[r]! * 25) + (LEVEL_OF[g]! * 5) + LEVEL_OF[b]!;
}
