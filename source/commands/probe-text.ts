import {formatBytes, formatRate} from '../ui/format.js';
import {sanitizeText} from '../ui/sanitize.js';
import type {Severity} from './findings.js';
import type {ProbeReport} from './probe-report.js';

const LABEL = 15;
/** Response headers shown in the text report; all of them are in --json. */
const MAX_SHOWN_HEADERS = 16;

const marks: Record<Severity, string> = {problem: '✗ problem', warning: '! warning', info: '· info   '};
const colours: Record<Severity | 'ok', string> = {problem: '31', warning: '33', info: '2', ok: '32'};

type Style = (text: string, colour: Severity | 'ok') => string;

function row(label: string, value: string): string {
	return `  ${label.padEnd(LABEL)}${value}`;
}

function more(lines: string[]): string[] {
	return lines.map(line => `  ${''.padEnd(LABEL)}${line}`);
}

const quoted = (value: string | null): string => (value === null ? '—' : `"${value}"`);

function streamLine(report: ProbeReport): string {
	const {boundary} = report;
	if (report.framing === 'multipart') {
		const verdict = boundary.matches === true ? 'as declared' : (boundary.declared === null ? 'none declared, found in the body' : `declared ${quoted(boundary.declared)}, so it should be ${quoted(boundary.expectedDelimiter)}`);
		return `multipart, delimiter ${quoted(boundary.seenDelimiter)} (${verdict})`;
	}

	return report.framing === 'jpeg' ? 'bare JPEGs, no multipart' : 'unknown (no frame found)';
}

function timingLine(report: ProbeReport): string {
	const {intervalMs, jitterPercent, latencyMs, cameraJitterPercent} = report.timing;
	const parts: string[] = [];
	if (intervalMs !== null && jitterPercent !== null) {
		parts.push(`a frame every ${intervalMs.toFixed(1)} ms, jitter ${jitterPercent.toFixed(1)}%`);
	}

	if (cameraJitterPercent !== null) {
		parts.push(`X-Timestamp jitter ${cameraJitterPercent.toFixed(1)}%`);
	}

	if (latencyMs !== null) {
		parts.push(`latency ${latencyMs.avg.toFixed(0)} ms (min ${latencyMs.min.toFixed(0)}, max ${latencyMs.max.toFixed(0)})`);
	}

	return parts.length === 0 ? '—' : parts.join(' · ');
}

function verdictOf(report: ProbeReport): {text: string; colour: Severity | 'ok'} {
	const worst = report.findings[0]?.severity;
	if (report.healthy) {
		return {text: 'healthy', colour: 'ok'};
	}

	const count = report.findings.filter(finding => finding.severity === worst).length;
	return {text: `${count} ${worst === 'problem' ? 'problem' : 'warning'}${count === 1 ? '' : 's'}`, colour: worst ?? 'problem'};
}

/** The readable report of one camera; every camera-sent string sanitized. */
export function probeText(report: ProbeReport, style: Style = text => text): string {
	const clean = sanitizeText;
	const verdict = verdictOf(report);
	const status = report.status ? `HTTP ${report.status.code} ${report.status.text}`.trimEnd() : (report.connected ? (report.recording ? 'a recording' : 'no HTTP') : 'no answer');
	const lines = [
		`${clean(report.name)}  ${clean(report.url)}`,
		`  ${style(verdict.text, verdict.colour)} · ${status} · probed ${(report.durationMs / 1000).toFixed(1)} s`,
		'',
	];
	const headers = Object.entries(report.headers).map(([name, value]) => clean(`${name}: ${value}`));
	lines.push(row('Response', headers[0] ?? '—'), ...more(headers.slice(1, MAX_SHOWN_HEADERS)));
	if (headers.length > MAX_SHOWN_HEADERS) {
		lines.push(...more([`… ${headers.length - MAX_SHOWN_HEADERS} more (see --json)`]));
	}

	if (report.connected) {
		const {frames, frameSize, resolution, jpeg, contentLength} = report;
		const fps = report.fps === null ? '' : ` · ${report.fps.toFixed(2)} fps${report.cameraFps === null ? '' : ` (camera clock ${report.cameraFps.toFixed(2)} fps)`}`;
		lines.push(
			row('Stream', clean(streamLine(report))),
			row('Part headers', report.partHeaderNames.length === 0 ? '—' : clean(report.partHeaderNames.join(', '))),
			row('Frames', `${frames.total} (${frames.good} good, ${frames.corrupt} corrupt)${fps}`),
			row('Data', `${formatBytes(report.bytes)}${report.bytesPerSecond === null ? '' : ` · ${formatRate(report.bytesPerSecond)}`}`),
			row('Picture', resolution && jpeg ? `${resolution.width}×${resolution.height} · ${jpeg.process} JPEG · ${jpeg.subsampling}${jpeg.coding === 'huffman' ? '' : ` · ${jpeg.coding}`}` : '—'),
			row('Frame size', frameSize ? `min ${formatBytes(frameSize.min)} · avg ${formatBytes(frameSize.avg)} · max ${formatBytes(frameSize.max)}` : '—'),
			row('Content-Length', `on ${contentLength.partsWithLength} parts, missing on ${contentLength.partsWithoutLength}, wrong on ${contentLength.mismatches}`),
			row('Skipped', `${report.skippedBytes} bytes, ${report.resyncs} resyncs, ${report.nonJpegParts} non-JPEG parts`),
			row('Timing', timingLine(report)),
		);
	}

	lines.push(row('Error', report.error ? clean(`${report.error.code}: ${report.error.message}`) : '—'), '', '  Findings');
	if (report.findings.length === 0) {
		lines.push(`  ${style('✓', 'ok')} nothing unusual`);
	}

	for (const finding of report.findings) {
		lines.push(`  ${style(marks[finding.severity], finding.severity)}  ${clean(finding.message)}`);
	}

	return lines.join('\n');
}

/** All cameras, then a one-line summary when there are several. */
export function probeTextAll(reports: readonly ProbeReport[], colour: boolean): string {
	const style: Style = colour ? (text, kind) => `\u001B[${colours[kind]}m${text}\u001B[0m` : text => text;
	const blocks = reports.map(report => probeText(report, style));
	if (reports.length > 1) {
		const healthy = reports.filter(report => report.healthy).length;
		blocks.push(`${reports.length} cameras: ${healthy} healthy, ${reports.length - healthy} not`);
	}

	return `${blocks.join('\n\n')}\n`;
}
