import type {Downsampled} from './downsample.js';
import type {CellSize} from './image-pixels.js';
import type {RenderMode, VideoSink} from './render-mode.js';

export type RenderLoopOptions = {
	readonly sink: VideoSink & {readonly blocked?: boolean};
	/** Most tile pictures painted per second, per tile (the cap; the byte budget may paint fewer). */
	readonly fps: number;
	/** How tiles are drawn; default truecolor half blocks. */
	readonly mode?: RenderMode;
	/** Pixels per cell, for the image modes. */
	readonly cellSize?: CellSize;
	/** Output budget in bytes per second (`--max-rate`); none when undefined. */
	readonly maxRate?: number;
	readonly decode?: (jpeg: Uint8Array, width: number, height: number) => Promise<Downsampled>;
	readonly now?: () => number;
	/** Called when decoding a frame failed (a corrupt JPEG); the tile keeps its last picture. */
	readonly onDecodeError?: (id: string, error: unknown) => void;
};

export type RenderLoopStats = {
	/** The mode tiles are drawn in now (below the chosen one while the byte budget says so). */
	mode: RenderMode;
	/** The mode chosen (`--mode`, detection, `m`). */
	chosenMode: RenderMode;
	fpsCap: number;
	/** The fps in force: the cap, or less under the byte budget. */
	fps: number;
	maxRate: number | undefined;
	renderedPerSecond: number;
	outputBytesPerSecond: number;
	rendered: number;
	dropped: number;
	decodeErrors: number;
	bytesWritten: number;
};
