export type CompositorOptions = {
	/** Colour tolerance for video cells (block-cells.ts, COLOR_TOLERANCE); 0 compares exactly. */
	readonly tolerance?: number;
	/** Called when a write that did not fit has drained, so the owner can flush again. */
	readonly onDrain?: () => void;
	/**
	Compose and compare the whole screen at every flush, not only what was painted since the
	last one (the behaviour before dirty rows): the same bytes, more CPU. For the tests and the
	compositor bench's baseline.
	*/
	readonly wholeScreen?: boolean;
	/** Applied to every image sequence (tmux passthrough: tmux-wrap.ts). */
	readonly wrapImage?: (sequence: string) => string;
};

export type CompositorStats = {
	/** Flushes that wrote something. */
	flushes: number;
	bytesWritten: number;
	cellsWritten: number;
	/** Cells composed and compared with what the terminal shows (the whole screen, or only what was painted). */
	cellsComposed: number;
	/** Flushes refused because the output had not drained. */
	blockedFlushes: number;
	/** Image sequences sent (whole pictures and changed parts). */
	imagesWritten: number;
};
