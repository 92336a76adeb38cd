import {existsSync, statSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import type {CameraConfig} from './camera/types.js';
import {describe, isRecord, validateCameraFields} from './config-camera.js';
import {expandEnv} from './config-env.js';
import {CamtopError} from './errors.js';
import {redactUrl} from './url-redact.js';

const topFields = new Set(['cameras', 'ffmpeg']);

/** URL schemes camtop reads; anything without `scheme://` is a local path (or `-` for stdin). */
const supportedSchemes: ReadonlySet<string> = new Set([
	'http', 'https', 'tcp', 'rtsp', 'rtsps', 'rtmp', 'rtmps', 'rtmpt', 'rtmpts', 'mms', 'mmsh', 'mmst', 'file',
]);

export type CamerasFile = {
	readonly path: string;
	readonly cameras: readonly CameraConfig[];
	/** The top-level `"ffmpeg"` binary path, if set. */
	readonly ffmpeg?: string;
};

/** Check one URL given on the command line or in the config. Returns the problem, or undefined. */
export function urlProblem(url: string): string | undefined {
	if (url === '-') {
		return undefined;
	}

	const scheme = /^([a-z][\w+.-]*):/i.exec(url)?.[1]?.toLowerCase();
	if (scheme === undefined || (scheme.length === 1 && process.platform === 'win32')) {
		// A local path: a file to replay or for ffmpeg, or a device.
		return undefined;
	}

	if (!supportedSchemes.has(scheme)) {
		return `uses ${scheme}://, which camtop does not read (it reads http, https, tcp, rtsp, rtsps, rtmp, rtmps, mms, mmsh, mmst, file paths and - for stdin)`;
	}

	if (scheme === 'file') {
		return undefined;
	}

	try {
		const parsed = new URL(url);
		if (parsed.hostname === '') {
			return 'has no host';
		}
	} catch {
		return 'is not a valid URL (a password with / # or % must be percent-encoded, or put in "password")';
	}

	return undefined;
}

/** A short name for a camera given only by URL: its host and path, a file's name, or "stdin". */
export function nameFromUrl(url: string): string {
	if (url === '-') {
		return 'stdin';
	}

	if (!/^[a-z][\w+.-]*:\/\//i.test(url)) {
		return path.basename(url.replace(/^file:/, ''));
	}

	try {
		const parsed = new URL(url);
		const pathname = parsed.pathname === '/' ? '' : parsed.pathname;
		return `${parsed.host}${pathname}`;
	} catch {
		return redactUrl(url);
	}
}

/**
Validate the parsed contents of a cameras file. Errors name the file, the camera (its
number from 1 and its name when it has one) and the field, and say what was expected.
`${VAR}` in any string is replaced from `env` first.
*/
export function validateCameras(data: unknown, file: string, env: NodeJS.ProcessEnv = process.env): CameraConfig[] {
	return validateCamerasFile(data, file, env).cameras as CameraConfig[];
}

function validateCamerasFile(data: unknown, file: string, env: NodeJS.ProcessEnv): CamerasFile {
	const fail = (message: string): never => {
		throw new CamtopError('ERR_CONFIG', `${file}: ${message}`);
	};

	const baseDir = path.dirname(path.resolve(file));
	if (!isRecord(data)) {
		fail(`expected an object like {"cameras": [...]}, got ${describe(data)}`);
	}

	const top = data as Record<string, unknown>;
	for (const key of Object.keys(top)) {
		if (!topFields.has(key)) {
			fail(`unknown field "${key}" (expected only "cameras" and "ffmpeg")`);
		}
	}

	const ffmpeg = expandEnv(top['ffmpeg'], env, (_path, name) => fail(`"ffmpeg" uses \${${name}}, which is not set in the environment`));
	if (ffmpeg !== undefined && (typeof ffmpeg !== 'string' || ffmpeg === '')) {
		fail(`"ffmpeg" must be the path of the ffmpeg binary, got ${describe(ffmpeg)}`);
	}

	const list = top['cameras'];
	if (!Array.isArray(list)) {
		fail(`"cameras" must be an array of cameras, got ${describe(list)}`);
	}

	const entries = list as unknown[];
	if (entries.length === 0) {
		fail('"cameras" is empty: add at least one camera');
	}

	const names = new Set<string>();
	let stdinCamera: string | undefined;
	const cameras = entries.map((raw, index) => {
		const position = `camera ${index + 1}`;
		if (!isRecord(raw)) {
			return fail(`${position}: expected an object with "name" and "url", got ${describe(raw)}`);
		}

		const label = typeof raw['name'] === 'string' ? `${position} ("${raw['name']}")` : position;
		const field = (name: string, message: string): never => fail(`${label}: "${name}" ${message}`);
		const entry = expandEnv(raw, env, (fieldPath, variable) => field(fieldPath, `uses \${${variable}}, which is not set in the environment`)) as Record<string, unknown>;
		const {name, url} = entry;
		if (typeof url !== 'string' || url === '') {
			field('url', `must be a non-empty string, got ${typeof url === 'string' ? 'an empty string' : describe(url)}`);
		}

		const problem = urlProblem(url as string);
		if (problem) {
			field('url', problem);
		}

		if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
			field('name', `must be a non-empty string, got ${describe(name)}`);
		}

		const cameraName = typeof name === 'string' ? name : nameFromUrl(url as string);
		if (names.has(cameraName)) {
			field('name', `"${cameraName}" is used by another camera; names must be unique`);
		}

		names.add(cameraName);
		if (url === '-') {
			if (stdinCamera !== undefined) {
				field('url', `"-" (stdin) is already used by camera ${stdinCamera}; stdin can feed only one camera`);
			}

			stdinCamera = `"${cameraName}"`;
		}

		return {name: cameraName, ...validateCameraFields(entry, url as string, baseDir, field)};
	});
	return {path: file, cameras, ...(typeof ffmpeg === 'string' ? {ffmpeg: path.resolve(baseDir, ffmpeg)} : {})};
}

/** Read and validate a cameras file. */
export async function loadCamerasFile(file: string, env: NodeJS.ProcessEnv = process.env): Promise<CamerasFile> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
		throw new CamtopError('ERR_CONFIG', `${file}: cannot read the cameras file: ${why}`, {cause: error});
	}

	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new CamtopError('ERR_CONFIG', `${file}: not valid JSON: ${(error as Error).message}`, {cause: error});
	}

	return validateCamerasFile(data, file, env);
}

/** Cameras given on the command line: URLs, file paths, devices, or `-` for stdin. */
export function camerasFromUrls(urls: readonly string[]): CameraConfig[] {
	const names = new Map<string, number>();
	if (urls.filter(url => url === '-').length > 1) {
		throw new CamtopError('ERR_USAGE', '"-" (stdin) can be given only once');
	}

	return urls.map(url => {
		const problem = urlProblem(url);
		if (problem) {
			throw new CamtopError('ERR_USAGE', `${redactUrl(url)}: ${problem}`);
		}

		const isPath = url !== '-' && !/^[a-z][\w+.-]*:\/\//i.test(url);
		const local = url.replace(/^file:/, '');
		if (isPath && !existsSync(local)) {
			throw new CamtopError('ERR_USAGE', `${url}: no such file (camera URLs start with http://, rtsp://, tcp://, …)`);
		}

		if (isPath && statSync(local).isDirectory()) {
			throw new CamtopError('ERR_USAGE', `${url}: is a directory`);
		}

		const base = nameFromUrl(url);
		const seen = names.get(base) ?? 0;
		names.set(base, seen + 1);
		return {name: seen === 0 ? base : `${base} #${seen + 1}`, url: isPath && !url.startsWith('file:') ? path.resolve(url) : url};
	});
}

/** Run-wide settings from flags and the file, applied to every camera that does not set its own. */
export type RunOptions = {
	readonly ffmpegPath?: string;
	readonly replayFps?: number;
	readonly loop?: boolean;
};

export function withRunOptions(cameras: readonly CameraConfig[], options: RunOptions): CameraConfig[] {
	return cameras.map(camera => ({
		...camera,
		...(options.ffmpegPath === undefined ? {} : {ffmpegPath: options.ffmpegPath}),
		...(camera.replayFps === undefined && options.replayFps !== undefined ? {replayFps: options.replayFps} : {}),
		...(camera.loop === undefined && options.loop !== undefined ? {loop: options.loop} : {}),
	}));
}
