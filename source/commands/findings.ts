import type {ProbeReport} from './probe-report.js';

/**
`problem`: the stream does not work. `warning`: it works in camtop but breaks other
clients (browsers, OpenCV, NVRs). `info`: worth knowing, harmless. A probe exits 1 when
any camera has a problem or a warning.
*/
export type Severity = 'problem' | 'warning' | 'info';

/** One plain sentence about what is unusual; `id` is stable for scripts (see readme.md). */
export type Finding = {id: string; severity: Severity; message: string};

type Facts = Omit<ProbeReport, 'findings' | 'healthy'>;
type Extra = {readonly mediaType: string; readonly lastCorruption: string | undefined};

/** Intervals needed before jitter is judged. */
const MIN_INTERVALS = 10;
/** Arrival jitter (deviation over mean) that is worth a note, and that makes playback stutter. */
const JITTER_NOTE_PERCENT = 20;
const JITTER_WARN_PERCENT = 50;
/**
camtop's own event loop running this late (ms, 99th percentile), and at least the noted
share of the interval, means the arrival times are camtop's, not the camera's: a starved
machine measures jitter the camera never had.
*/
const PROBE_LATE_MS = 10;
/** A latency beyond this (either way) means delayed frames or a camera clock that is off. */
const LATENCY_NOTE_MS = 1000;

const percent = (part: number, whole: number): string => {
	const value = (part / whole) * 100;
	return `${value >= 10 || value === Math.round(value) ? Math.round(value) : value.toFixed(1)}%`;
};

const bytes = (count: number): string => `${count} byte${count === 1 ? '' : 's'}`;

function connection(facts: Facts, findings: Finding[]): boolean {
	const {error, status} = facts;
	if (status && (status.code < 200 || status.code > 299)) {
		findings.push({id: 'http-status', severity: 'problem', message: `the camera answered HTTP ${status.code} ${status.text}`.trimEnd() + (error ? ` (${error.message})` : '')});
		return false;
	}

	if (!facts.connected) {
		const message = status
			? `the camera answered HTTP ${status.code} ${status.text}`.trimEnd() + (error ? ` (${error.message})` : '')
			: `no answer: ${error ? `${error.code}: ${error.message}` : 'the connection failed'}`;
		findings.push({id: status ? 'http-status' : 'connect', severity: 'problem', message});
		return false;
	}

	if (facts.frames.total === 0) {
		if (facts.bytes > 0 && facts.framing === 'unknown') {
			findings.push({id: 'not-mjpeg', severity: 'problem', message: `not an MJPEG stream: no JPEG frame in ${bytes(facts.bytes)} (Content-Type ${facts.contentType ?? 'none'})`});
		} else {
			findings.push({id: 'no-frames', severity: 'problem', message: `no complete frame in ${(facts.durationMs / 1000).toFixed(1)} s (${bytes(facts.bytes)} received)${error ? `: ${error.message}` : ''}`});
		}

		return false;
	}

	if (facts.end === 'ended' && facts.recording) {
		findings.push({id: 'recording-ended', severity: 'info', message: `the recording ended after ${facts.frames.total} frames`});
	} else if (facts.end === 'ended') {
		findings.push({id: 'stream-ended', severity: 'problem', message: `the camera ended the stream after ${facts.frames.total} frames (${(facts.durationMs / 1000).toFixed(1)} s): live viewers stop or must reconnect`});
	} else if (facts.end === 'failed' && error) {
		findings.push({id: 'stream-failed', severity: 'problem', message: `the stream broke after ${facts.frames.total} frames: ${error.code}: ${error.message}`});
	}

	return true;
}

function framing(facts: Facts, extra: Extra, findings: Finding[]): void {
	const {boundary, contentType} = facts;
	const type = contentType === null ? 'no Content-Type' : `Content-Type \`${contentType}\``;
	if (facts.framing === 'multipart') {
		if (extra.mediaType !== 'multipart/x-mixed-replace') {
			findings.push({id: 'content-type', severity: 'warning', message: `the response says ${type}, not multipart/x-mixed-replace, but the body is multipart: browsers and clients that go by the header will not play it`});
		}

		if (boundary.declared === null) {
			findings.push({id: 'boundary-missing', severity: 'warning', message: `the header declares no boundary; the body uses the delimiter \`${boundary.seenDelimiter ?? '?'}\`, found by searching the body`});
		} else if (boundary.matches === false) {
			findings.push({id: 'boundary-mismatch', severity: 'warning', message: `the header declares boundary \`${boundary.declared}\`, so parts should start with \`${boundary.expectedDelimiter ?? ''}\`, but the body uses \`${boundary.seenDelimiter ?? ''}\`: clients that follow RFC 2046 (OpenCV, browsers) find no frames`});
		}
	} else if (facts.framing === 'jpeg' && !facts.recording) {
		findings.push({id: 'raw-jpeg', severity: 'warning', message: `the body is bare JPEGs one after another, with no multipart parts (${type}): frames were found by their JPEG markers; browsers and most clients expect multipart/x-mixed-replace`});
	}
}

function lengths(facts: Facts, findings: Finding[]): void {
	const {partsWithLength, partsWithoutLength, mismatches, errors} = facts.contentLength;
	for (const {delta, parts} of errors.slice(0, 3)) {
		const how = delta === null ? 'wrong by other amounts' : `${bytes(Math.abs(delta))} ${delta < 0 ? 'short' : 'too long'}`;
		findings.push({id: 'content-length-wrong', severity: 'warning', message: `Content-Length is ${how} on ${percent(parts, partsWithLength)} of parts (${parts} of ${partsWithLength}): clients that trust it cut frames or lose the stream`});
	}

	const explained = errors.reduce((sum, error) => sum + error.parts, 0);
	if (mismatches > explained) {
		findings.push({id: 'content-length-wrong', severity: 'warning', message: `Content-Length did not match where the next delimiter was on ${mismatches - explained} more part${mismatches - explained === 1 ? '' : 's'} that held no usable frame`});
	}

	if (partsWithoutLength > 0) {
		const all = partsWithoutLength + partsWithLength;
		const which = partsWithLength === 0 ? 'no part has a Content-Length' : `no Content-Length on ${partsWithoutLength} of ${all} parts`;
		findings.push({id: 'content-length-missing', severity: 'info', message: `${which}: frames found by boundary search (fine by RFC 2046; clients that need the length fail)`});
	}

	if (facts.frames.withTrailingBytes > 0) {
		findings.push({id: 'bytes-after-jpeg', severity: 'warning', message: `${facts.frames.withTrailingBytes} of ${facts.frames.total} frames carry bytes after the JPEG's end (EOI) inside the part: the Content-Length counts the line end or padding, and strict clients lose sync`});
	}
}

function junk(facts: Facts, findings: Finding[]): void {
	if (facts.resyncs > 0) {
		findings.push({id: 'garbage', severity: 'warning', message: `garbage between parts: framing was lost ${facts.resyncs} time${facts.resyncs === 1 ? '' : 's'} and ${bytes(facts.skippedBytes)} that belonged to no part were skipped to find the next delimiter; clients without resync stop there`});
	} else if (facts.skippedBytes > 0) {
		findings.push({id: 'skipped', severity: 'info', message: `${bytes(facts.skippedBytes)} before the first part or after the last were skipped (preamble or epilogue; harmless)`});
	}

	if (facts.nonJpegParts > 0) {
		findings.push({id: 'non-jpeg-parts', severity: 'warning', message: `${facts.nonJpegParts} part${facts.nonJpegParts === 1 ? ' was' : 's were'} not a JPEG (no FF D8 at the start) and ${facts.nonJpegParts === 1 ? 'was' : 'were'} skipped`});
	}

	if (facts.oversizedFrames > 0) {
		findings.push({id: 'oversized', severity: 'warning', message: `${facts.oversizedFrames} part${facts.oversizedFrames === 1 ? ' was' : 's were'} over camtop's size limit and skipped`});
	}
}

function pictures(facts: Facts, extra: Extra, findings: Finding[]): void {
	const {frames, jpeg} = facts;
	if (frames.corrupt > 0) {
		const all = frames.corrupt === frames.total;
		const why = extra.lastCorruption === undefined ? '' : ` (the last one ${extra.lastCorruption})`;
		findings.push({
			id: 'corrupt-frames',
			severity: all ? 'problem' : 'warning',
			message: `${frames.corrupt} of ${frames.total} frames (${percent(frames.corrupt, frames.total)}) are corrupt JPEGs${why}: decoders fail or show grey blocks`,
		});
	}

	if (jpeg?.process === 'progressive') {
		findings.push({id: 'progressive', severity: 'warning', message: 'progressive JPEG: hardware decoders and many NVRs take only baseline JPEG in MJPEG streams'});
	} else if (jpeg && (jpeg.process === 'lossless' || jpeg.coding === 'arithmetic')) {
		findings.push({id: 'jpeg-coding', severity: 'warning', message: `${jpeg.process} JPEG with ${jpeg.coding} coding: most decoders cannot read it`});
	}
}

function timing(facts: Facts, findings: Finding[]): void {
	if (facts.recording) {
		// Read as fast as possible: the arrival times say nothing about the camera.
		return;
	}

	const {jitterPercent, intervalMs, cameraJitterPercent, latencyMs, probeDelayMs} = facts.timing;
	if (jitterPercent !== null && intervalMs !== null && facts.frames.total > MIN_INTERVALS && jitterPercent >= JITTER_NOTE_PERCENT) {
		const camera = cameraJitterPercent === null ? '' : `; by the camera's own X-Timestamps ${Math.round(cameraJitterPercent)}%`;
		const starved = probeDelayMs >= PROBE_LATE_MS && probeDelayMs * 100 >= JITTER_NOTE_PERCENT * intervalMs;
		const measured = `frame interval jitter ${Math.round(jitterPercent)}% (frames every ${Math.round(intervalMs)} ms ± ${Math.round((jitterPercent * intervalMs) / 100)} ms${camera})`;
		findings.push(starved
			// Only a note: a warning makes the probe exit 1, and this machine, not the camera, may be at fault.
			? {id: 'jitter', severity: 'info', message: `${measured}, but camtop itself ran up to ${Math.round(probeDelayMs)} ms late (a busy machine): part or all of it may be this machine, not the camera; probe again when it is idle`}
			: {id: 'jitter', severity: jitterPercent >= JITTER_WARN_PERCENT ? 'warning' : 'info', message: `${measured}: playback stutters`});
	}

	if (latencyMs !== null && Math.abs(latencyMs.avg) >= LATENCY_NOTE_MS) {
		findings.push({id: 'latency', severity: 'info', message: `frames arrive ${(latencyMs.avg / 1000).toFixed(1)} s after their X-Timestamp on average: frames are delayed, or the camera's clock is off`});
	}
}

/** What is unusual about a probed stream, worst first. */
export function findingsFor(facts: Facts, extra: Extra): Finding[] {
	const findings: Finding[] = [];
	if (connection(facts, findings)) {
		framing(facts, extra, findings);
		lengths(facts, findings);
		junk(facts, findings);
		pictures(facts, extra, findings);
		timing(facts, findings);
	}

	const order: Record<Severity, number> = {problem: 0, warning: 1, info: 2};
	return findings.sort((a, b) => order[a.severity] - order[b.severity]);
}
