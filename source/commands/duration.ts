import {CamtopError} from '../errors.js';

const UNITS: Readonly<Record<string, number>> = {ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000};

/**
Parse a duration flag: `5s`, `1.5s`, `500ms`, `2m`, `1h`, or a bare number of seconds.
Throws a usage error naming the flag when it is not a positive duration.
*/
export function parseDuration(text: string, flag: string): number {
	const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?\s*$/i.exec(text);
	const unit = UNITS[(match?.[2] ?? 's').toLowerCase()];
	const value = match ? Number(match[1]) * unit! : Number.NaN;
	if (!Number.isFinite(value) || value <= 0) {
		throw new CamtopError('ERR_USAGE', `${flag} must be a duration like 5s, 500ms or 2m, got ${JSON.stringify(text)}`);
	}

	return Math.round(value);
}

/** `5.0 s`, `2m03s`-style, for reports. */
export function formatSeconds(ms: number): string {
	return `${(ms / 1000).toFixed(1)} s`;
}
