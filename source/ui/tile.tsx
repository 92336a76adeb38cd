import {Box, Text} from 'ink';
import type {CameraSnapshot} from '../camera/types.js';
import type {TileLayout} from './layout.js';
import {formatFps, formatRate, stateColor} from './format.js';
import {sanitizeText} from './sanitize.js';
import {compactStats} from './stats-rows.js';

type Props = {
	readonly tile: TileLayout;
	readonly camera: CameraSnapshot;
	readonly selected: boolean;
};

/**
One camera's tile: a title row, then the picture area. The picture itself is painted by
the compositor over this area; what is drawn here shows until the first frame arrives
(and whenever the camera has no picture), so it says what the camera is doing.
*/
export function Tile({tile, camera, selected}: Props) {
	const {outer} = tile;
	const name = sanitizeText(camera.name);
	const reason = camera.reason === undefined ? '' : sanitizeText(camera.reason);
	const compact = compactStats(camera);
	const {recording, notice} = camera.capture ?? {};
	return (
		<Box position="absolute" marginLeft={outer.x} marginTop={outer.y} width={outer.width} height={outer.height} flexDirection="column">
			<Box width={outer.width} height={1} overflow="hidden">
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
			<Box width={outer.width} height={tile.video.height} flexDirection="column" justifyContent="center" alignItems="center" overflow="hidden">
				{camera.frames === 0 && (
					<>
						<Text color={stateColor[camera.state]}>{camera.state === 'connecting' ? 'connecting…' : camera.state}</Text>
						{reason !== '' && <Text wrap="truncate-end" dimColor>{reason}</Text>}
						<Text wrap="truncate-middle" dimColor>{sanitizeText(camera.displayUrl)}</Text>
					</>
				)}
			</Box>
		</Box>
	);
}
