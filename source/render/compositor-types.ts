export type CompositorOptions = {
	/** Colour tolerance for video cells (block-cells.ts, COLOR_TOLERANCE); 0 compares exactly. */
	readonly tolerance?: number;
	/** Called when a write that did not fit has drained, so the owner can flush again. */
	readonly onDrain?: () => void;
	/** Applied to every image sequence (tmux passthrough: tmux-wrap.ts). */
	readonly wrapImage?: (sequence: string) => string;
};

export type CompositorStats = {
	/** Flushes that wrote something. */
	flushes: number;
	bytesWritten: number;
	cellsWritten: number;
	/** Flushes refused because the output had not drained. */
	blockedFlushes: number;
	/** Image sequences sent (whole pictures and changed parts). */
	imagesWritten: number;
};
