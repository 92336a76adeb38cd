import type {DemoQuirk} from './types.js';

/** How one quirk writes the response Content-Type and each multipart part. */
export type Framing = {
	readonly contentType: string;
	/**
	Delimiter line and part headers, up to and including the blank line before the JPEG.
	`declaredLength` overrides the Content-Length written (`none`: no header); default the real length.
	*/
	partHead(jpegLength: number, timeMs: number, declaredLength?: number | 'none'): string;
	/** Whether parts carry a Content-Length header at all (not with `no-content-length`). */
	readonly lengthInHeader: boolean;
	/** What follows the JPEG (the line break that precedes the next delimiter). */
	readonly partTail: string;
	/** The close delimiter written when a response ends cleanly. */
	readonly closing: string;
};

/** Seconds since the epoch with milliseconds, e.g. `1732170000.123`. */
export function timestampText(timeMs: number): string {
	return (timeMs / 1000).toFixed(3);
}

function boundaryFor(quirk: DemoQuirk): {parameter: string; delimiter: string} {
	switch (quirk) {
		case 'quoted-boundary': {
			// RFC 2046 §5.1.1 allows spaces inside a boundary; the parameter then has to be quoted.
			return {parameter: '"camtop frame"', delimiter: '--camtop frame'};
		}

		case 'dashed-boundary': {
			// The common camera quirk: the header already includes the two dashes, and the
			// body uses the declared value itself as the delimiter line (not `----camtop`).
			return {parameter: '--camtop', delimiter: '--camtop'};
		}

		case 'standard':
		case 'no-content-length':
		case 'lf-only':
		case 'padded-length': {
			return {parameter: 'camtopframe', delimiter: '--camtopframe'};
		}
	}
}

function lengthLine(quirk: DemoQuirk, length: number, eol: string): string {
	switch (quirk) {
		case 'no-content-length': {
			return '';
		}

		case 'padded-length': {
			return `Content-Length:   ${length}  ${eol}`;
		}

		case 'standard':
		case 'quoted-boundary':
		case 'dashed-boundary':
		case 'lf-only': {
			return `Content-Length: ${length}${eol}`;
		}
	}
}

/** `declaredBoundary` (an anomaly) replaces the boundary parameter in the Content-Type only. */
export function framingFor(quirk: DemoQuirk, declaredBoundary?: string): Framing {
	const {parameter, delimiter} = boundaryFor(quirk);
	const eol = quirk === 'lf-only' ? '\n' : '\r\n';
	return {
		contentType: `multipart/x-mixed-replace; boundary=${declaredBoundary ?? parameter}`,
		lengthInHeader: quirk !== 'no-content-length',
		partHead: (jpegLength, timeMs, declaredLength = jpegLength) =>
			`${delimiter}${eol}Content-Type: image/jpeg${eol}${declaredLength === 'none' ? '' : lengthLine(quirk, declaredLength, eol)}X-Timestamp: ${timestampText(timeMs)}${eol}${eol}`,
		partTail: eol,
		closing: `${delimiter}--${eol}`,
	};
}
