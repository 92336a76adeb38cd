import {Box, Text} from 'ink';
import type {Rect} from '../render/types.js';
import type {RenderStats} from './monitor-store.js';
import {formatRate} from './format.js';
import {fitSegments} from './fit-text.js';

type Props = {
	readonly rect: Rect;
	/** Where the cameras came from, e.g. "demo cameras (no cameras.json)". */
	readonly origin: string;
	readonly cameraCount: number;
	readonly render: RenderStats;
};

const LABEL = ' camtop ';

export function StatusLine({rect, origin, cameraCount, render}: Props) {
	const fps = render.fps !== undefined && render.fps < render.fpsCap ? `${render.fps} fps (budget, cap ${render.fpsCap})` : `${render.fpsCap} fps`;
	const text = ` ${origin} │ ${cameraCount} camera${cameraCount === 1 ? '' : 's'} │ ${render.mode} │ ${fps} │ ${render.renderedPerSecond.toFixed(0)} tiles/s │ out ${formatRate(render.outputBytesPerSecond)} │ dropped ${render.dropped} │ ? help  q quit `;
	// Padded to fill the row in inverse, and cut here when too long, so Ink has nothing to truncate (fit-text.ts).
	const [label, rest] = fitSegments([{text: LABEL}, {text: text.padEnd(Math.max(0, rect.width - LABEL.length))}], rect.width);
	return (
		<Box position="absolute" marginLeft={rect.x} marginTop={rect.y} width={rect.width} height={1}>
			<Text wrap="truncate-end" inverse>
				<Text bold>{label?.text ?? ''}</Text>
				{rest?.text ?? ''}
			</Text>
		</Box>
	);
}
