import {readFile} from 'node:fs/promises';
import type {CameraConfig} from './camera/types.js';
import {CamtopError} from './errors.js';
import {redactUrl} from './url-redact.js';

/** Every field a camera entry may have; anything else is reported as unknown. */
const cameraFields = new Set(['name', 'url', 'username', 'password', 'headers']);
const topFields = new Set(['cameras']);
const supportedProtocols = new Set(['http:', 'https:']);

export type CamerasFile = {
	readonly path: string;
	readonly cameras: readonly CameraConfig[];
};

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
	if (value === null) {
		return 'null';
	}

	if (Array.isArray(value)) {
		return 'an array';
	}

	if (typeof value === 'string') {
		return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
	}

	if (typeof value === 'number' || typeof value === 'boolean') {
		return `${typeof value} ${value}`;
	}

	return typeof value === 'object' ? 'an object' : typeof value;
}

/** Check one URL given on the command line or in the config. Returns the problem, or undefined. */
export function urlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'is not a valid URL';
	}

	if (!supportedProtocols.has(parsed.protocol)) {
		return `uses ${parsed.protocol.replace(/:$/, '')}://, but only http:// and https:// MJPEG streams are supported so far`;
	}

	return undefined;
}

/** A short name for a camera given only by URL: its host and path. */
export function nameFromUrl(url: string): string {
	try {
		const parsed = new URL(url);
		const path = parsed.pathname === '/' ? '' : parsed.pathname;
		return `${parsed.host}${path}`;
	} catch {
		return url;
	}
}

/**
Validate the parsed contents of a cameras file. Errors name the file, the camera (its
number from 1 and its name when it has one) and the field, and say what was expected.
*/
export function validateCameras(data: unknown, path: string): CameraConfig[] {
	const fail = (message: string): never => {
		throw new CamtopError('ERR_CONFIG', `${path}: ${message}`);
	};

	if (!isRecord(data)) {
		fail(`expected an object like {"cameras": [...]}, got ${describe(data)}`);
	}

	const top = data as Record<string, unknown>;
	for (const key of Object.keys(top)) {
		if (!topFields.has(key)) {
			fail(`unknown field "${key}" (expected only "cameras")`);
		}
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
	return entries.map((entry, index) => {
		const position = `camera ${index + 1}`;
		if (!isRecord(entry)) {
			return fail(`${position}: expected an object with "name" and "url", got ${describe(entry)}`);
		}

		const label = typeof entry['name'] === 'string' ? `${position} ("${entry['name']}")` : position;
		const field = (name: string, message: string): never => fail(`${label}: "${name}" ${message}`);
		for (const key of Object.keys(entry)) {
			if (!cameraFields.has(key)) {
				field(key, `is not a known field (known: ${[...cameraFields].join(', ')})`);
			}
		}

		const {name, url, username, password, headers} = entry;
		if (typeof url !== 'string' || url === '') {
			field('url', `must be a non-empty string, got ${describe(url)}`);
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
		for (const [key, value] of [['username', username], ['password', password]] as const) {
			if (value !== undefined && typeof value !== 'string') {
				// Never echo a password value back, even a wrongly typed one.
				field(key, `must be a string, got ${key === 'password' ? typeof value : describe(value)}`);
			}
		}

		if (headers !== undefined) {
			if (!isRecord(headers)) {
				field('headers', `must be an object of header names to string values, got ${describe(headers)}`);
			}

			for (const [header, value] of Object.entries(headers as Record<string, unknown>)) {
				if (typeof value !== 'string') {
					field(`headers.${header}`, `must be a string, got ${describe(value)}`);
				}
			}
		}

		const camera: CameraConfig = {name: cameraName, url: url as string};
		if (typeof username === 'string') {
			camera.username = username;
		}

		if (typeof password === 'string') {
			camera.password = password;
		}

		if (headers !== undefined) {
			camera.headers = headers as Record<string, string>;
		}

		return camera;
	});
}

/** Read and validate a cameras file. */
export async function loadCamerasFile(path: string): Promise<CamerasFile> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'no such file' : (error as Error).message;
		throw new CamtopError('ERR_CONFIG', `${path}: cannot read the cameras file: ${why}`, {cause: error});
	}

	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch (error) {
		throw new CamtopError('ERR_CONFIG', `${path}: not valid JSON: ${(error as Error).message}`, {cause: error});
	}

	return {path, cameras: validateCameras(data, path)};
}

/** Cameras given as URLs on the command line. */
export function camerasFromUrls(urls: readonly string[]): CameraConfig[] {
	const names = new Map<string, number>();
	return urls.map(url => {
		const problem = urlProblem(url);
		if (problem) {
			throw new CamtopError('ERR_USAGE', `${redactUrl(url)}: ${problem}`);
		}

		const base = nameFromUrl(url);
		const seen = names.get(base) ?? 0;
		names.set(base, seen + 1);
		return {name: seen === 0 ? base : `${base} #${seen + 1}`, url};
	});
}
