import type {CameraConfig, CameraSnapshot} from './camera/types.js';

/*
The same camera configured twice (the same URL and every source option, whatever the
names) is read over one connection: the monitor makes one Camera for it and shows it in
each of its tiles, each tile decoding at its own size (issue 7). Cameras allow few
streams at once, and a second connection would double the bytes for the same pictures.
*/

/** Everything about a camera's source, in a canonical form: the config without its name. */
export function sourceKey(config: CameraConfig): string {
	const entries = Object.entries(config).filter(([key, value]) => key !== 'name' && value !== undefined);
	entries.sort(([a], [b]) => (a < b ? -1 : (a > b ? 1 : 0)));
	return JSON.stringify(entries);
}

/** For each config, the index of the first config with the same source (its own index when it is the first). */
export function shareSources(configs: readonly CameraConfig[]): number[] {
	const first = new Map<string, number>();
	return configs.map((config, index) => {
		const key = sourceKey(config);
		const owner = first.get(key);
		if (owner === undefined) {
			first.set(key, index);
			return index;
		}

		return owner;
	});
}

/**
A shared camera as one of its other tiles sees it: the same snapshot under that tile's
index and name, the same object until the camera's snapshot changes (the UI compares by identity).
*/
export function renamedCamera(camera: {snapshot(): CameraSnapshot}, index: number, name: string): {snapshot(): CameraSnapshot} {
	let base: CameraSnapshot | undefined;
	let renamed: CameraSnapshot | undefined;
	return {
		snapshot() {
			const snapshot = camera.snapshot();
			if (snapshot !== base || renamed === undefined) {
				base = snapshot;
				renamed = {...snapshot, index, name};
			}

			return renamed;
		},
	};
}
