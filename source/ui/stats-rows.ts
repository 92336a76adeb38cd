import type {CameraSnapshot} from '../camera/types.js';
import {formatBytes, formatDuration, formatFps, formatRate} from './format.js';
import {sanitizeText} from './sanitize.js';

/** One line of the stats panel: a label, a value, and whether it is bad news. */
export type StatsRow = {readonly label: string; readonly value: string; readonly tone?: 'bad' | 'good' | 'dim'};

const kb = (bytes: number): string => (bytes >= 1000 ? `${(bytes / 1000).toFixed(1)}` : `${(bytes / 1000).toFixed(2)}`);
const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

/** Total time live: earlier live periods plus the current one. */
export function uptimeMs(camera: CameraSnapshot, now: number): number {
	return (camera.pastLiveMs ?? 0) + (camera.state === 'live' ? Math.max(0, now - camera.since) : 0);
}

function boundaryRows(camera: CameraSnapshot): StatsRow[] {
	const diagnostics = camera.diagnostics;
	if (!diagnostics || camera.framing !== 'multipart') {
		return [];
	}

	const {declaredBoundary, seenBoundary} = diagnostics;
	const matches = declaredBoundary !== undefined && seenBoundary === `--${declaredBoundary}`;
	return [
		{label: 'boundary', value: sanitizeText(declaredBoundary ?? '— (none declared)'), tone: declaredBoundary === undefined ? 'bad' : undefined},
		{label: ' in body', value: sanitizeText(seenBoundary ?? '—'), tone: matches ? undefined : 'bad'},
	];
}

function frameRows(camera: CameraSnapshot): StatsRow[] {
	const diagnostics = camera.diagnostics;
	if (!diagnostics) {
		return [{label: 'frames', value: String(camera.frames)}];
	}

	const {frameSize, jpeg, corruptFrames, goodFrames} = diagnostics;
	const rows: StatsRow[] = [
		{label: 'frames', value: `${goodFrames} good, ${corruptFrames} corrupt`, tone: corruptFrames > 0 ? 'bad' : undefined},
	];
	if (frameSize) {
		rows.push({label: 'size kB', value: `${kb(frameSize.min)} / ${kb(frameSize.avg)} / ${kb(frameSize.max)}`});
	}

	if (jpeg) {
		rows.push({label: 'picture', value: `${jpeg.width}×${jpeg.height} ${jpeg.subsampling}`});
		rows.push({label: 'jpeg', value: `${jpeg.process}${jpeg.coding === 'huffman' ? '' : ` ${jpeg.coding}`}`, tone: jpeg.process === 'baseline' ? undefined : 'bad'});
	}

	return rows;
}

function framingRows(camera: CameraSnapshot): StatsRow[] {
	const diagnostics = camera.diagnostics;
	if (!diagnostics) {
		return [];
	}

	const {contentLengthMismatches, partsWithoutLength, skippedBytes, resyncs, partHeaderNames} = diagnostics;
	return [
		{label: 'headers', value: partHeaderNames.length === 0 ? '—' : sanitizeText(partHeaderNames.join(' '))},
		{label: 'C-Length', value: `${contentLengthMismatches} wrong, ${partsWithoutLength} missing`, tone: contentLengthMismatches > 0 ? 'bad' : undefined},
		{label: 'skipped', value: `${formatBytes(skippedBytes)}, ${plural(resyncs, 'resync')}`, tone: resyncs > 0 ? 'bad' : undefined},
	];
}

function timingRows(camera: CameraSnapshot): StatsRow[] {
	const diagnostics = camera.diagnostics;
	const rows: StatsRow[] = [];
	if (diagnostics?.latencyMs) {
		rows.push({label: 'latency', value: `${Math.round(diagnostics.latencyMs.avg)} ms (X-Timestamp)`});
	}

	const arrival = diagnostics?.arrivalJitter;
	if (arrival) {
		const stamps = diagnostics.timestampJitter;
		rows.push({label: 'jitter', value: `${Math.round(arrival.percent)}%${stamps ? ` (camera ${Math.round(stamps.percent)}%)` : ''}`});
	}

	return rows;
}

/**
The stats panel's lines for one camera, top to bottom, every camera-sent string
sanitized. Pure, so it is tested without Ink.
*/
export function statsRows(camera: CameraSnapshot, now: number): StatsRow[] {
	const up = uptimeMs(camera, now);
	const watched = camera.startedAt === undefined ? 0 : now - camera.startedAt;
	const rows: StatsRow[] = [
		{label: 'fps', value: `${formatFps(camera.fps)} (avg ${camera.fpsAverage.toFixed(1)})`},
		{label: 'rate', value: formatRate(camera.bytesPerSecond)},
		...frameRows(camera),
		{label: 'received', value: formatBytes(camera.bytes)},
		{label: 'framing', value: camera.framing},
		{label: 'type', value: sanitizeText(camera.contentType ?? '—')},
		...boundaryRows(camera),
		...framingRows(camera),
		...timingRows(camera),
		{label: 'reconnects', value: String(camera.reconnects)},
		{label: 'uptime', value: watched > 0 ? `${formatDuration(up)} (${Math.round((up / watched) * 100)}% live)` : formatDuration(up)},
	];
	if (camera.drawn) {
		rows.push({label: 'drawn', value: `${camera.drawn.rendered} (${camera.drawn.dropped} dropped)`});
	}

	const recording = camera.capture?.recording;
	if (recording) {
		rows.push({label: '● REC', value: `${sanitizeText(recording.path)} ${recording.frames} fr ${formatBytes(recording.bytes)}`, tone: 'bad'});
	}

	return rows;
}

/**
The compact numbers for a grid tile's title, after the state, fps and rate: the picture
size, the average frame size, and a short flag for each kind of trouble seen.
*/
export function compactStats(camera: CameraSnapshot): string {
	const parts: string[] = [];
	const diagnostics = camera.diagnostics;
	if (diagnostics?.jpeg) {
		parts.push(`${diagnostics.jpeg.width}×${diagnostics.jpeg.height}`);
	}

	if (diagnostics?.frameSize) {
		parts.push(`${kb(diagnostics.frameSize.avg)}kB/fr`);
	}

	if (diagnostics) {
		const flags: string[] = [];
		if (diagnostics.corruptFrames > 0) {
			flags.push(`${diagnostics.corruptFrames} corrupt`);
		}

		if (diagnostics.contentLengthMismatches > 0) {
			flags.push(`${diagnostics.contentLengthMismatches} bad length`);
		}

		if (diagnostics.resyncs > 0) {
			flags.push(`${plural(diagnostics.resyncs, 'resync')}`);
		}

		if (flags.length > 0) {
			parts.push(`⚠ ${flags.join(', ')}`);
		}
	}

	if (camera.reconnects > 0) {
		parts.push(`↻${camera.reconnects}`);
	}

	return parts.join(' ');
}
