import {memo} from 'react';
import {Box, Text} from 'ink';
import type {CameraSnapshot} from '../camera/types.js';
import type {Rect} from '../render/types.js';
import {formatFps, formatRate, stateColor} from './format.js';
import {sanitizeText} from './sanitize.js';
import {compactStats} from './stats-rows.js';
import {fitSegments} from './fit-text.js';

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
type Segment = {readonly text: string; readonly color?: string; readonly bold?: boolean; readonly dimColor?: boolean};

/** The title's pieces, in order, with their styles. */
function titleSegments(camera: CameraSnapshot): Segment[] {
	const {recording, notice} = camera.capture ?? {};
	const compact = compactStats(camera);
	const segments: Segment[] = [
		{text: ` ${camera.index + 1} ${sanitizeText(camera.name)} `, bold: true},
		{text: camera.state, color: stateColor[camera.state]},
	];
	if (camera.staleSeconds !== undefined) {
		segments.push({text: ` · last frame ${camera.staleSeconds} s ago`, color: stateColor[camera.state]});
	}

	segments.push({text: ` ${formatFps(camera.fps)} ${formatRate(camera.bytesPerSecond)} `});
	if (recording !== undefined) {
		segments.push({text: `● REC ${sanitizeText(recording.path)} `, color: 'red', bold: true});
	}

	if (notice !== undefined) {
		segments.push({text: `${sanitizeText(notice.text)} `, color: notice.error ? 'red' : 'green'});
	} else if (compact !== '') {
		segments.push({text: `${compact} `, dimColor: true});
	}

	return segments;
}

function TileView({title, placeholder, camera, selected}: Props) {
	const reason = camera.reason === undefined ? '' : sanitizeText(camera.reason);
	// Cut to the tile's width here, so Ink has nothing to truncate or clip (fit-text.ts).
	const segments = fitSegments(titleSegments(camera), title.width);
	return (
		<>
			<Box position="absolute" marginLeft={title.x} marginTop={title.y} width={title.width} height={1}>
				<Text wrap="truncate-end" inverse={selected}>
					{segments.map((segment, index) => (
						// The segments of one title, always in the same order: the index is a stable key.
						<Text key={index} color={segment.color} bold={segment.bold} dimColor={segment.dimColor}>{segment.text}</Text>
					))}
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
