import {Box, Text} from 'ink';
import type {CameraSnapshot} from '../camera/types.js';
import type {Rect} from '../render/types.js';
import {formatBytes, formatDuration, formatFps, formatRate, stateColor} from './format.js';
import {sanitizeText} from './sanitize.js';

type Props = {
	readonly rect: Rect;
	readonly camera: CameraSnapshot;
	readonly now: number;
};

function Row({label, children}: {readonly label: string; readonly children: string}) {
	return (
		<Text wrap="truncate-end">
			<Text dimColor>{label.padEnd(11)}</Text>
			{children}
		</Text>
	);
}

/** The focused camera's numbers, beside its picture. */
export function StatsPanel({rect, camera, now}: Props) {
	return (
		<Box position="absolute" marginLeft={rect.x} marginTop={rect.y} width={rect.width} height={rect.height} flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1}>
			<Text bold wrap="truncate-end">{sanitizeText(camera.name)}</Text>
			<Text wrap="truncate-end">
				<Text color={stateColor[camera.state]}>{camera.state}</Text>
				<Text dimColor>{` for ${formatDuration(now - camera.since)}`}</Text>
			</Text>
			{camera.reason !== undefined && <Text wrap="truncate-end" color="red">{sanitizeText(camera.reason)}</Text>}
			<Text> </Text>
			<Row label="fps">{`${formatFps(camera.fps)} (avg ${camera.fpsAverage.toFixed(1)})`}</Row>
			<Row label="rate">{formatRate(camera.bytesPerSecond)}</Row>
			<Row label="frames">{String(camera.frames)}</Row>
			<Row label="received">{formatBytes(camera.bytes)}</Row>
			<Row label="reconnects">{String(camera.reconnects)}</Row>
			<Row label="framing">{camera.framing}</Row>
			<Row label="type">{sanitizeText(camera.contentType ?? '—')}</Row>
			<Text> </Text>
			<Text dimColor wrap="truncate-middle">{sanitizeText(camera.displayUrl)}</Text>
			{camera.lastError !== undefined && (
				<Text color="red" wrap="wrap">{sanitizeText(`${camera.lastError.code}: ${camera.lastError.message}`)}</Text>
			)}
		</Box>
	);
}
