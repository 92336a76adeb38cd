import {memo} from 'react';
import {Box, Text} from 'ink';
import type {CameraSnapshot} from '../camera/types.js';
import type {Rect} from '../render/types.js';
import {formatFps, formatRate, stateColor} from './format.js';
import {sanitizeText} from './sanitize.js';
import {compactStats} from './stats-rows.js';

type Props = {
	/** The title row and, while the camera has no picture, the placeholder area: rectangles in Ink's compact frame (chrome-rows.ts). */
	readonly title: Rect;
	readonly placeholder: Rect | undefined;
	readonly camera: CameraSnapshot;
	readonly selected: boolean;
};

/**
One camera's tile: a title row, and until the first frame arrives (and whenever the camera
has no picture) a placeholder saying what the camera is doing, where the picture will be.
The picture itself is painted by the compositor, not by Ink.
*/
function TileView({title, placeholder, camera, selected}: Props) {
	const name = sanitizeText(camera.name);
	const reason = camera.reason === undefined ? '' : sanitizeText(camera.reason);
	const compact = compactStats(camera);
	const {recording, notice} = camera.capture ?? {};
	return (
		<>
			<Box position="absolute" marginLeft={title.x} marginTop={title.y} width={title.width} height={1} overflow="hidden">
				<Text wrap="truncate-end" inverse={selected}>
					<Text bold>{` ${camera.index + 1} ${name} `}</Text>
					<Text color={stateColor[camera.state]}>{camera.state}</Text>
					{camera.staleSeconds !== undefined && <Text color={stateColor[camera.state]}>{` · last frame ${camera.staleSeconds} s ago`}</Text>}
					<Text>{` ${formatFps(camera.fps)} ${formatRate(camera.bytesPerSecond)} `}</Text>
					{recording !== undefined && <Text color="red" bold>{`● REC ${sanitizeText(recording.path)} `}</Text>}
					{notice !== undefined && <Text color={notice.error ? 'red' : 'green'}>{`${sanitizeText(notice.text)} `}</Text>}
					{compact !== '' && notice === undefined && <Text dimColor>{`${compact} `}</Text>}
				</Text>
			</Box>
			{placeholder !== undefined && placeholder.height > 0 && (
				<Box position="absolute" marginLeft={placeholder.x} marginTop={placeholder.y} width={placeholder.width} height={placeholder.height} flexDirection="column" justifyContent="center" alignItems="center" overflow="hidden">
					<Text color={stateColor[camera.state]}>{camera.state === 'connecting' ? 'connecting…' : camera.state}</Text>
					{reason !== '' && <Text wrap="truncate-end" dimColor>{reason}</Text>}
					<Text wrap="truncate-middle" dimColor>{sanitizeText(camera.displayUrl)}</Text>
				</Box>
			)}
		</>
	);
}

const sameRect = (a: Rect | undefined, b: Rect | undefined) => a === b || (a !== undefined && b !== undefined && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height);

/** Whether a tile would show the same text: camera snapshots change on every frame, what a tile shows far less often. */
export function sameTile(a: Props, b: Props): boolean {
	const x = a.camera;
	const y = b.camera;
	return a.selected === b.selected && sameRect(a.title, b.title) && sameRect(a.placeholder, b.placeholder)
		&& x.index === y.index && x.name === y.name && x.state === y.state && x.staleSeconds === y.staleSeconds
		&& formatFps(x.fps) === formatFps(y.fps) && formatRate(x.bytesPerSecond) === formatRate(y.bytesPerSecond)
		&& x.capture?.recording?.path === y.capture?.recording?.path && x.capture?.notice?.text === y.capture?.notice?.text && x.capture?.notice?.error === y.capture?.notice?.error
		&& compactStats(x) === compactStats(y)
		&& (x.frames === 0) === (y.frames === 0) && x.reason === y.reason && x.displayUrl === y.displayUrl;
}

/** Re-rendered only when its text changes (sameTile). */
export const Tile = memo(TileView, sameTile);
