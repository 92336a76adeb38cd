import {CamtopError} from '../errors.js';
import {RENDER_MODES, isRenderMode, type RenderMode} from './render-mode.js';

const UNITS: Record<string, number> = {
	'': 1, b: 1, k: 1000, kb: 1000, kib: 1024, m: 1_000_000, mb: 1_000_000, mib: 1024 * 1024,
};

/** The smallest budget that still lets a picture through: a few cells a second are not a picture. */
export const MIN_RATE = 1000;

/**
`--max-rate`: bytes per second, e.g. `1MB/s`, `500kB/s`, `300KiB`, `250000`. Units are
case-insensitive; k/M are decimal (kB = 1000 B), KiB/MiB binary; `/s` is optional.
*/
export function parseRate(text: string): number {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*(?:\/\s*s)?\s*$/i.exec(text);
	const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
	const value = match && unit !== undefined ? Math.round(Number(match[1]) * unit) : Number.NaN;
	if (!Number.isFinite(value) || value < MIN_RATE) {
		throw new CamtopError('ERR_USAGE', `--max-rate must be a byte rate of at least 1kB/s, like 1MB/s or 500kB/s, got ${JSON.stringify(text)}`);
	}

	return value;
}

/** `--mode`: one of RENDER_MODES or `auto`. */
export function parseMode(text: string): RenderMode | 'auto' {
	if (text === 'auto' || isRenderMode(text)) {
		return text;
	}

	throw new CamtopError('ERR_USAGE', `--mode must be auto or one of ${RENDER_MODES.join(', ')}, got ${JSON.stringify(text)}`);
}
