import path from 'node:path';
import type {CameraConfig} from './camera/types.js';
import {resolveKind} from './ingest/open-source.js';
import {AUTH_MODES, RTSP_TRANSPORTS, SOURCE_KINDS} from './ingest/source-types.js';

/** Every field a camera entry may have, with what it expects (for "unknown field" messages and the readme). */
export const CAMERA_FIELDS = [
	'name', 'url', 'kind', 'username', 'password', 'auth', 'headers', 'insecure', 'ca',
	'snapshotInterval', 'replayFps', 'loop', 'ffmpegOptions', 'rtspTransport', 'maxWidth',
] as const;

const cameraFields: ReadonlySet<string> = new Set(CAMERA_FIELDS);

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
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

/** Throws the config error for `field` of the current camera. */
export type FieldFail = (field: string, message: string) => never;

const oneOf = (values: readonly string[]) => `one of ${values.map(value => JSON.stringify(value)).join(', ')}`;

function number(entry: Record<string, unknown>, key: string, min: number, max: number, fail: FieldFail, integer = false): number | undefined {
	const value = entry[key];
	if (value === undefined) {
		return undefined;
	}

	if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
		return fail(key, `must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}, got ${describe(value)}`);
	}

	return value;
}

function boolean(entry: Record<string, unknown>, key: string, fail: FieldFail): boolean | undefined {
	const value = entry[key];
	if (value !== undefined && typeof value !== 'boolean') {
		return fail(key, `must be true or false, got ${describe(value)}`);
	}

	return value;
}

function choice<T extends string>(entry: Record<string, unknown>, key: string, values: readonly T[], fail: FieldFail): T | undefined {
	const value = entry[key];
	if (value !== undefined && !values.includes(value as T)) {
		return fail(key, `must be ${oneOf(values)}, got ${describe(value)}`);
	}

	return value as T | undefined;
}

function string(entry: Record<string, unknown>, key: string, fail: FieldFail, allowEmpty = false): string | undefined {
	const value = entry[key];
	if (value !== undefined && (typeof value !== 'string' || (value === '' && !allowEmpty))) {
		// Never echo a password value back, even a wrongly typed one.
		return fail(key, `must be a ${allowEmpty ? '' : 'non-empty '}string, got ${key === 'password' ? typeof value : describe(value)}`);
	}

	return value;
}

/** Which URLs each forced kind can read. */
function kindProblem(kind: CameraConfig['kind'], url: string): string | undefined {
	const scheme = /^([a-z][\w+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
	switch (kind) {
		case 'mjpeg':
		case 'snapshot': {
			return scheme === 'http' || scheme === 'https' ? undefined : 'needs an http:// or https:// URL';
		}

		case 'tcp': {
			return scheme === 'tcp' ? undefined : 'needs a tcp://host:port URL';
		}

		case 'stdin': {
			return url === '-' ? undefined : 'needs "url": "-"';
		}

		case 'file': {
			return scheme === undefined && url !== '-' ? undefined : 'needs a file path';
		}

		case 'ffmpeg': {
			return url === '-' ? 'cannot read stdin ("url": "-" is replayed by camtop itself)' : undefined;
		}

		case 'auto':
		case undefined: {
			return undefined;
		}
	}
}

/**
Check one camera entry's fields (after `${VAR}` expansion) and build its config. `baseDir`
is the cameras file's folder: relative `ca` and file paths are taken from there.
*/
export function validateCameraFields(entry: Record<string, unknown>, url: string, baseDir: string, fail: FieldFail): Omit<CameraConfig, 'name'> {
	for (const key of Object.keys(entry)) {
		if (!cameraFields.has(key)) {
			fail(key, `is not a known field (known: ${CAMERA_FIELDS.join(', ')})`);
		}
	}

	const camera: Omit<CameraConfig, 'name'> = {url};
	const kind = choice(entry, 'kind', SOURCE_KINDS, fail);
	const problem = kindProblem(kind, url);
	if (problem !== undefined) {
		fail('kind', `"${kind}" ${problem}`);
	}

	const isLocal = url !== '-' && !/^[a-z][\w+.-]*:\/\//i.test(url);
	if (isLocal && !url.startsWith('file:') && !path.isAbsolute(url)) {
		camera.url = path.resolve(baseDir, url);
	}

	const assign = <K extends keyof Omit<CameraConfig, 'name' | 'url'>>(key: K, value: CameraConfig[K] | undefined) => {
		if (value !== undefined) {
			camera[key] = value;
		}
	};

	assign('kind', kind);
	assign('username', string(entry, 'username', fail, true));
	assign('password', string(entry, 'password', fail, true));
	assign('auth', choice(entry, 'auth', AUTH_MODES, fail));
	assign('insecure', boolean(entry, 'insecure', fail));
	const ca = string(entry, 'ca', fail);
	assign('ca', ca === undefined ? undefined : path.resolve(baseDir, ca));
	const interval = number(entry, 'snapshotInterval', 0.05, 86_400, fail);
	assign('snapshotIntervalMs', interval === undefined ? undefined : Math.round(interval * 1000));
	assign('replayFps', number(entry, 'replayFps', 0, 1000, fail));
	assign('loop', boolean(entry, 'loop', fail));
	assign('rtspTransport', choice(entry, 'rtspTransport', RTSP_TRANSPORTS, fail));
	assign('maxWidth', number(entry, 'maxWidth', 16, 7680, fail, true));

	const {headers, ffmpegOptions} = entry;
	if (headers !== undefined) {
		if (!isRecord(headers)) {
			fail('headers', `must be an object of header names to string values, got ${describe(headers)}`);
		}

		for (const [header, value] of Object.entries(headers)) {
			if (typeof value !== 'string') {
				fail(`headers.${header}`, `must be a string, got ${describe(value)}`);
			}
		}

		camera.headers = headers as Record<string, string>;
	}

	if (ffmpegOptions !== undefined) {
		if (!Array.isArray(ffmpegOptions) || ffmpegOptions.some(option => typeof option !== 'string')) {
			fail('ffmpegOptions', `must be an array of strings (ffmpeg input options, e.g. ["-analyzeduration", "1000000"]), got ${describe(ffmpegOptions)}`);
		}

		if ((ffmpegOptions as string[]).includes('-i')) {
			fail('ffmpegOptions', 'must not contain "-i": the input is "url"');
		}

		if (resolveKind(camera) !== 'ffmpeg') {
			fail('ffmpegOptions', 'applies only to cameras read through ffmpeg (rtsp://, rtmp://, video files, … or "kind": "ffmpeg")');
		}

		camera.ffmpegOptions = ffmpegOptions as string[];
	}

	return camera;
}
