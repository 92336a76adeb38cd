import http from 'node:http';
import type {Spread} from '../camera/series.js';
import {parseContentType} from '../ingest/content-type.js';
import {HttpStatusError} from '../ingest/http-source.js';
import type {FramingMode} from '../ingest/types.js';
import {findingsFor, type Finding} from './findings.js';
import type {ProbeObservation} from './probe.js';

/** Bumped only when a field changes meaning or goes away; new fields may be added. */
export const PROBE_SCHEMA_VERSION = 1;
/** Longest header value kept in a report. */
const MAX_HEADER_VALUE = 1000;
/** Most response headers kept in a report. */
const MAX_HEADERS = 64;

const round = (value: number, digits = 1): number => Math.round(value * (10 ** digits)) / (10 ** digits);
const spread = (value: Spread | undefined, digits = 1) =>
	value === undefined ? null : {min: round(value.min, digits), avg: round(value.avg, digits), max: round(value.max, digits)};

/** One camera in `camtop probe --json`; documented field by field in readme.md. */
export type ProbeReport = {
	name: string;
	/** Password and secret-looking query values replaced by `***`. */
	url: string;
	/** No finding of severity `problem` or `warning`. */
	healthy: boolean;
	/** ms from the camera's answer (or from the start, without one) to the end of the probe. */
	durationMs: number;
	/** Why the probe stopped: its duration ran out, the connection failed, or the camera ended the stream. */
	end: 'duration' | 'failed' | 'ended';
	/** The source is a recording (an MJPEG file, stdin), read as fast as possible: its end is expected, its timing is not the camera's. */
	recording: boolean;
	connected: boolean;
	status: {code: number; text: string} | null;
	/** Response headers, names lower-cased, repeated headers joined with `, `. */
	headers: Record<string, string>;
	contentType: string | null;
	framing: FramingMode;
	boundary: {declared: string | null; expectedDelimiter: string | null; seenDelimiter: string | null; matches: boolean | null};
	partHeaderNames: string[];
	frames: {total: number; good: number; corrupt: number; withTrailingBytes: number};
	/** Body bytes received (framing included). */
	bytes: number;
	/** Frames a second, first to last frame received. */
	fps: number | null;
	/** Frames a second by the camera's own X-Timestamps. */
	cameraFps: number | null;
	bytesPerSecond: number | null;
	resolution: {width: number; height: number} | null;
	jpeg: {process: string; coding: string; subsampling: string; components: number} | null;
	/** JPEG bytes per frame. */
	frameSize: {min: number; avg: number; max: number} | null;
	contentLength: {partsWithLength: number; partsWithoutLength: number; mismatches: number; errors: Array<{delta: number | null; parts: number}>};
	skippedBytes: number;
	resyncs: number;
	nonJpegParts: number;
	oversizedFrames: number;
	timing: {
		latencyMs: {min: number; avg: number; max: number} | null;
		intervalMs: number | null;
		jitterPercent: number | null;
		cameraJitterPercent: number | null;
		timestampedFrames: number;
		/** How late camtop's own event loop ran during the probe (99th percentile, ms): arrival timing is only as good as this. */
		probeDelayMs: number;
	};
	error: {code: string; message: string} | null;
	findings: Finding[];
};

/** The whole `--json` answer. */
export type ProbeDocument = {version: number; healthy: boolean; exitCode: 0 | 1; cameras: ProbeReport[]};

function headersOf(observation: ProbeObservation): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const [name, value] of Object.entries(observation.response?.headers ?? {}).slice(0, MAX_HEADERS)) {
		if (value !== undefined) {
			const text = Array.isArray(value) ? value.join(', ') : value;
			headers[name] = text.length > MAX_HEADER_VALUE ? `${text.slice(0, MAX_HEADER_VALUE - 1)}…` : text;
		}
	}

	return headers;
}

function statusOf(observation: ProbeObservation): ProbeReport['status'] {
	const code = observation.response?.statusCode ?? (observation.failure instanceof HttpStatusError ? observation.failure.statusCode : undefined);
	// Sources without HTTP (files, stdin, TCP, ffmpeg) answer with status 0: no status line.
	// The standard reason phrase: the camera's own is camera-controlled text.
	return code === undefined || code < 100 ? null : {code, text: http.STATUS_CODES[code] ?? ''};
}

/** The report for one probed camera, findings included. */
export function buildReport(observation: ProbeObservation): ProbeReport {
	const {snapshot, run, splitter} = observation;
	const diagnostics = snapshot.diagnostics;
	const declared = diagnostics?.declaredBoundary ?? splitter?.declaredBoundary;
	const seen = diagnostics?.seenBoundary ?? splitter?.seenBoundary;
	const expected = declared === undefined ? undefined : `--${declared}`;
	const seconds = observation.durationMs / 1000;
	const error = observation.end === 'duration' ? undefined : snapshot.lastError;
	const jpeg = diagnostics?.jpeg;
	const report: Omit<ProbeReport, 'findings' | 'healthy'> = {
		name: snapshot.name,
		url: snapshot.displayUrl,
		durationMs: Math.round(observation.durationMs),
		end: observation.end,
		recording: observation.response?.finite === true,
		connected: observation.response !== undefined,
		status: statusOf(observation),
		headers: headersOf(observation),
		contentType: snapshot.contentType ?? null,
		framing: splitter?.framing ?? snapshot.framing,
		boundary: {
			declared: declared ?? null,
			expectedDelimiter: expected ?? null,
			seenDelimiter: seen ?? null,
			matches: expected !== undefined && seen !== undefined ? expected === seen : null,
		},
		partHeaderNames: [...(diagnostics?.partHeaderNames ?? [])],
		frames: {
			total: snapshot.frames,
			good: diagnostics?.goodFrames ?? 0,
			corrupt: diagnostics?.corruptFrames ?? 0,
			withTrailingBytes: diagnostics?.framesWithTrailingBytes ?? 0,
		},
		bytes: snapshot.bytes,
		fps: snapshot.frames > 1 && snapshot.fpsAverage > 0 ? round(snapshot.fpsAverage, 2) : null,
		cameraFps: run.cameraFps === undefined ? null : round(run.cameraFps, 2),
		bytesPerSecond: seconds > 0 && observation.response ? Math.round(snapshot.bytes / seconds) : null,
		resolution: jpeg ? {width: jpeg.width, height: jpeg.height} : null,
		jpeg: jpeg ? {process: jpeg.process, coding: jpeg.coding, subsampling: jpeg.subsampling, components: jpeg.components} : null,
		frameSize: spread(diagnostics?.frameSize, 0),
		contentLength: {
			partsWithLength: diagnostics?.partsWithLength ?? 0,
			partsWithoutLength: diagnostics?.partsWithoutLength ?? 0,
			mismatches: diagnostics?.contentLengthMismatches ?? 0,
			errors: (diagnostics?.lengthErrors ?? []).map(({delta, parts}) => ({delta: delta ?? null, parts})),
		},
		skippedBytes: diagnostics?.skippedBytes ?? 0,
		resyncs: diagnostics?.resyncs ?? 0,
		nonJpegParts: diagnostics?.nonJpegParts ?? 0,
		oversizedFrames: (diagnostics?.oversizedFrames ?? 0) + (diagnostics?.oversizedHeaders ?? 0),
		timing: {
			latencyMs: spread(run.latencyMs),
			intervalMs: run.arrivalJitter ? round(run.arrivalJitter.meanMs) : null,
			jitterPercent: run.arrivalJitter ? round(run.arrivalJitter.percent) : null,
			cameraJitterPercent: run.timestampJitter ? round(run.timestampJitter.percent) : null,
			timestampedFrames: run.timestampedFrames,
			probeDelayMs: round(observation.loopDelayMs),
		},
		error: error ? {code: error.code, message: error.message} : null,
	};
	const findings = findingsFor(report, {mediaType: parseContentType(snapshot.contentType).mediaType, lastCorruption: diagnostics?.lastCorruption});
	const {name, url, ...rest} = report;
	return {name, url, healthy: !findings.some(finding => finding.severity !== 'info'), ...rest, findings};
}

/** Exit status of a probe: 0 when every camera is healthy, else 1. */
export function probeExitCode(reports: readonly ProbeReport[]): 0 | 1 {
	return reports.every(report => report.healthy) ? 0 : 1;
}

export function probeDocument(reports: ProbeReport[]): ProbeDocument {
	const exitCode = probeExitCode(reports);
	return {version: PROBE_SCHEMA_VERSION, healthy: exitCode === 0, exitCode, cameras: reports};
}

/**
The document as JSON text. JSON.stringify escapes C0 controls but not DEL or C1
(U+007F–U+009F, and U+009B is CSI to some terminals); they are escaped too, so a
camera's header cannot drive a terminal that shows the output. The value is unchanged.
*/
export function probeJson(document: ProbeDocument): string {
	return JSON.stringify(document, undefined, 2).replaceAll(/[\u007F-\u009F]/g, character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}
