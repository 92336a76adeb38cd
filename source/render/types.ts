/** A rectangle in terminal cells; x and y are 0-based columns and rows. */
export type Rect = {
	readonly x: number;
	readonly y: number;
	readonly width: number;
	readonly height: number;
};
