import type {SourceOptions} from '../ingest/source-types.js';
import type {CameraConfig} from './types.js';

/** The source's share of a camera's config: everything but its name, without unset fields. */
export function sourceOptionsOf(config: CameraConfig): SourceOptions {
	const options: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(config)) {
		if (key !== 'name' && value !== undefined) {
			options[key] = value;
		}
	}

	return options as SourceOptions;
}
