import {Box, Text} from 'ink';
import type {Rect} from '../render/types.js';
import type {RenderStats} from './monitor-store.js';
import {formatRate} from './format.js';

type Props = {
	readonly rect: Rect;
	/** Where the cameras came from, e.g. "demo cameras (no cameras.json)". */
	readonly origin: string;
	readonly cameraCount: number;
	readonly render: RenderStats;
};

export function StatusLine({rect, origin, cameraCount, render}: Props) {
	return (
		<Box position="absolute" marginLeft={rect.x} marginTop={rect.y} width={rect.width} height={1} overflow="hidden">
			<Text wrap="truncate-end" inverse>
				<Text bold>{' camtop '}</Text>
				{` ${origin} │ ${cameraCount} camera${cameraCount === 1 ? '' : 's'} │ ${render.mode} │ ${render.fps !== undefined && render.fps < render.fpsCap ? `${render.fps} fps (budget, cap ${render.fpsCap})` : `${render.fpsCap} fps`} │ ${render.renderedPerSecond.toFixed(0)} tiles/s │ out ${formatRate(render.outputBytesPerSecond)} │ dropped ${render.dropped} │ ? help  q quit `.padEnd(rect.width)}
			</Text>
		</Box>
	);
}
