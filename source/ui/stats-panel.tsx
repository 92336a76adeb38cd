import {Box, Text} from 'ink';
import type {CameraSnapshot} from '../camera/types.js';
import type {Rect} from '../render/types.js';
import {formatDuration, stateColor} from './format.js';
import {sanitizeText} from './sanitize.js';
import {statsRows, type StatsRow} from './stats-rows.js';

type Props = {
	readonly rect: Rect;
	readonly camera: CameraSnapshot;
	readonly now: number;
};

const LABEL_WIDTH = 11;
const toneColor = {bad: 'red', good: 'green', dim: 'gray'} as const;

function Row({row}: {readonly row: StatsRow}) {
	return (
		<Text wrap="truncate-end">
			<Text dimColor>{row.label.padEnd(LABEL_WIDTH)}</Text>
			<Text color={row.tone === undefined ? undefined : toneColor[row.tone]}>{row.value}</Text>
		</Text>
	);
}

/** The focused camera's numbers, beside its picture (key `s` shows and hides it). */
export function StatsPanel({rect, camera, now}: Props) {
	const notice = camera.capture?.notice;
	return (
		<Box position="absolute" marginLeft={rect.x} marginTop={rect.y} width={rect.width} height={rect.height} flexDirection="column" borderStyle="round" borderColor="gray" paddingX={1} overflow="hidden">
			<Text bold wrap="truncate-end">{sanitizeText(camera.name)}</Text>
			<Text wrap="truncate-end">
				<Text color={stateColor[camera.state]}>{camera.state}</Text>
				<Text dimColor>{` for ${formatDuration(now - camera.since)}`}</Text>
			</Text>
			{camera.reason !== undefined && <Text wrap="truncate-end" color="red">{sanitizeText(camera.reason)}</Text>}
			<Text> </Text>
			{statsRows(camera, now).map(row => <Row key={row.label} row={row}/>)}
			<Text> </Text>
			<Text dimColor wrap="truncate-middle">{sanitizeText(camera.displayUrl)}</Text>
			{notice !== undefined && <Text wrap="wrap" color={notice.error ? 'red' : 'green'}>{sanitizeText(notice.text)}</Text>}
			{camera.lastError !== undefined && (
				<Text color="red" wrap="wrap">{sanitizeText(`${camera.lastError.code}: ${camera.lastError.message}`)}</Text>
			)}
		</Box>
	);
}
