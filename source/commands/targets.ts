import {existsSync} from 'node:fs';
import type {CameraConfig} from '../camera/types.js';
import {camerasFromUrls, loadCamerasFile, withRunOptions} from '../config.js';
import {CamtopError} from '../errors.js';
import {redactUrl} from '../url-redact.js';

/** The cameras file looked for in the current directory when none is given. */
export const DEFAULT_CAMERAS_FILE = 'cameras.json';

export type TargetOptions = {
	/** `--config PATH`. */
	readonly config?: string;
	/** `--demo`: names refer to the built-in demo cameras, served in-process. */
	readonly demo?: boolean;
	/** `--ffmpeg`: the ffmpeg binary (else the cameras file's, FFMPEG_PATH, PATH). */
	readonly ffmpeg?: string;
	/** Replay rate of files and stdin (0 = as fast as possible), unless a camera sets its own. */
	readonly replayFps?: number;
};

export type Targets = {
	readonly cameras: CameraConfig[];
	/** Where named cameras came from, for messages. */
	readonly origin: string;
	/** Stops what resolving started (the demo server). */
	readonly close: () => Promise<void>;
};

const nothing = async (): Promise<void> => Promise.resolve();

const looksLikeUrl = (input: string): boolean => /^[a-z][\w+.-]*:\/\//i.test(input);

type Catalogue = {cameras: readonly CameraConfig[]; origin: string; ffmpeg?: string; close: () => Promise<void>};

async function catalogue(options: TargetOptions): Promise<Catalogue | undefined> {
	if (options.demo) {
		// Imported only for the demo: the simulator loads sharp, which real cameras may never need.
		const [{startDemoServer}, {defaultDemoCameras}] = await Promise.all([import('../demo/simulator.js'), import('../demo/demo-cameras.js')]);
		const server = await startDemoServer(defaultDemoCameras);
		return {
			cameras: server.cameras.map(camera => ({name: camera.name, url: camera.url})),
			origin: 'the demo cameras',
			close: async () => server.close(),
		};
	}

	const path = options.config ?? (existsSync(DEFAULT_CAMERAS_FILE) ? DEFAULT_CAMERAS_FILE : undefined);
	if (path === undefined) {
		return undefined;
	}

	const file = await loadCamerasFile(path);
	return {cameras: file.cameras, origin: path, close: nothing, ...(file.ffmpeg === undefined ? {} : {ffmpeg: file.ffmpeg})};
}

/**
Turn command-line inputs into cameras: each input is the name of a camera in the cameras
file (`--config`, else ./cameras.json) or of a demo camera (`--demo`), or else a URL.
No inputs: every camera of the file or of the demo. Errors are usage or config errors.
*/
export async function resolveTargets(inputs: readonly string[], options: TargetOptions): Promise<Targets> {
	const targets = await resolveNames(inputs, options);
	const ffmpegPath = options.ffmpeg ?? targets.ffmpeg;
	return {
		cameras: withRunOptions(targets.cameras, {
			...(ffmpegPath === undefined ? {} : {ffmpegPath}),
			...(options.replayFps === undefined ? {} : {replayFps: options.replayFps}),
		}),
		origin: targets.origin,
		close: targets.close,
	};
}

async function resolveNames(inputs: readonly string[], options: TargetOptions): Promise<Targets & {ffmpeg?: string}> {
	const needCatalogue = options.demo === true || options.config !== undefined || inputs.length === 0 || inputs.some(input => !looksLikeUrl(input));
	const known = needCatalogue ? await catalogue(options) : undefined;
	const close = known?.close ?? nothing;
	try {
		if (inputs.length === 0) {
			if (known === undefined) {
				throw new CamtopError('ERR_USAGE', `name a camera: a URL, a camera in ${DEFAULT_CAMERAS_FILE} or --config FILE, or --demo`);
			}

			return {...known, cameras: [...known.cameras], close};
		}

		const byName = new Map((known?.cameras ?? []).map(camera => [camera.name, camera]));
		const urls = inputs.filter(input => !byName.has(input));
		const fromUrls = new Map<string, CameraConfig>();
		for (const url of urls) {
			try {
				fromUrls.set(url, camerasFromUrls([url])[0]!);
			} catch (error) {
				if (error instanceof CamtopError && !looksLikeUrl(url)) {
					const names = [...byName.keys()];
					const where = known ? `${known.origin}${names.length > 0 ? ` (cameras: ${names.join(', ')})` : ''}` : `a cameras file (no ${DEFAULT_CAMERAS_FILE} here, no --config)`;
					throw new CamtopError('ERR_USAGE', `no camera named ${JSON.stringify(redactUrl(url))} in ${where}, and it is not a URL`, {cause: error});
				}

				throw error;
			}
		}

		// URLs given twice, or a name and a URL, stay distinct cameras with distinct names.
		const cameras = inputs.map(input => byName.get(input) ?? fromUrls.get(input)!);
		const seen = new Map<string, number>();
		const named = cameras.map(camera => {
			const count = (seen.get(camera.name) ?? 0) + 1;
			seen.set(camera.name, count);
			return count === 1 ? camera : {...camera, name: `${camera.name} #${count}`};
		});
		return {cameras: named, origin: known?.origin ?? 'the command line', close, ...(known?.ffmpeg === undefined ? {} : {ffmpeg: known.ffmpeg})};
	} catch (error) {
		await close();
		throw error;
	}
}
