import type {PartHeader} from '../ingest/types.js';

/** A camera's per-part timestamp, in milliseconds. */
export type PartTimestamp = {
	readonly ms: number;
	/**
	Whether it is wall-clock time (ms since the epoch), so that the latency to our clock
	means something; a small number is time since the camera booted, good for intervals only.
	*/
	readonly wallClock: boolean;
};

/** Numbers below this many seconds are not wall-clock times (2001-09-09). */
const EPOCH_SECONDS_FLOOR = 1e9;

/** The value of the first header called `name` (case-insensitive), if any. */
export function headerValue(headers: readonly PartHeader[], name: string): string | undefined {
	for (const [key, value] of headers) {
		if (key.length === name.length && key.toLowerCase() === name) {
			return value;
		}
	}

	return undefined;
}

/**
Parse an `X-Timestamp` part header. Cameras and streamers (mjpg-streamer, the demo
simulator, some Axis firmware) send seconds with a fraction (`1732170000.123`); others
send integer milliseconds or microseconds, or an ISO 8601 date.
*/
export function parseTimestamp(value: string): PartTimestamp | undefined {
	const text = value.trim();
	if (/^\d+(?:\.\d+)?$/.test(text)) {
		const number = Number(text);
		if (!Number.isFinite(number)) {
			return undefined;
		}

		if (number >= 1e15) {
			return {ms: number / 1000, wallClock: true};
		}

		if (number >= 1e12) {
			return {ms: number, wallClock: true};
		}

		return {ms: number * 1000, wallClock: number >= EPOCH_SECONDS_FLOOR};
	}

	if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(text)) {
		const ms = Date.parse(text);
		return Number.isNaN(ms) ? undefined : {ms, wallClock: true};
	}

	return undefined;
}
