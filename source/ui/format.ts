import type {CameraState} from '../camera/types.js';

/** `12.3 kB/s`-style rate; kB is 1000 bytes, as network rates are usually quoted. */
export function formatRate(bytesPerSecond: number): string {
	if (bytesPerSecond >= 1_000_000) {
		return `${(bytesPerSecond / 1_000_000).toFixed(1)} MB/s`;
	}

	return `${Math.round(bytesPerSecond / 1000)} kB/s`;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1_000_000_000) {
		return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
	}

	if (bytes >= 1_000_000) {
		return `${(bytes / 1_000_000).toFixed(1)} MB`;
	}

	if (bytes >= 1000) {
		return `${(bytes / 1000).toFixed(1)} kB`;
	}

	return `${bytes} B`;
}

export function formatFps(fps: number): string {
	return `${fps.toFixed(1)} fps`;
}

export function formatDuration(milliseconds: number): string {
	const seconds = Math.max(0, Math.floor(milliseconds / 1000));
	if (seconds < 60) {
		return `${seconds}s`;
	}

	const minutes = Math.floor(seconds / 60);
	if (minutes < 60) {
		return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
	}

	return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

export const stateColor: Record<CameraState, string> = {
	connecting: 'yellow',
	live: 'green',
	stalled: 'magenta',
	reconnecting: 'yellow',
	failed: 'red',
	ended: 'gray',
};
