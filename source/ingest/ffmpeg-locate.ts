import {execFile} from 'node:child_process';
import {accessSync, constants, statSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

/** Where the binary was found, for messages and `--help`-style diagnostics. */
export type FfmpegVia = 'config' | 'FFMPEG_PATH' | 'PATH' | 'npm package';

export type FfmpegLocation = {readonly path: string; readonly via: FfmpegVia} | {readonly missing: string};

/** What the message says when there is no ffmpeg at all. */
export const INSTALL_HINT = 'install ffmpeg (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg), '
	+ 'set FFMPEG_PATH or --ffmpeg to its path, or npm install @ffmpeg-installer/ffmpeg';

export type LocateOptions = {
	/** From the config (`"ffmpeg"`) or `--ffmpeg`: used as given, no fallback. */
	readonly configured?: string;
	readonly env?: NodeJS.ProcessEnv;
	/** The npm fallback; default: the optional dependency `@ffmpeg-installer/ffmpeg`, then `ffmpeg-static` if installed. */
	readonly packaged?: () => string | undefined;
};

function isExecutableFile(file: string): boolean {
	try {
		if (!statSync(file).isFile()) {
			return false;
		}

		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** The first executable `ffmpeg` on a PATH-style list. */
export function searchPath(pathList: string | undefined): string | undefined {
	const names = process.platform === 'win32' ? ['ffmpeg.exe', 'ffmpeg'] : ['ffmpeg'];
	for (const directory of (pathList ?? '').split(path.delimiter)) {
		if (directory === '') {
			continue;
		}

		for (const name of names) {
			const candidate = path.join(directory, name);
			if (isExecutableFile(candidate)) {
				return candidate;
			}
		}
	}

	return undefined;
}

/**
The binary an npm package put in node_modules, if one is installed. Both ship it from
the npm registry itself: `@ffmpeg-installer/ffmpeg` as per-platform optional
dependencies (camtop's optional dependency), `ffmpeg-static` is used when a user
installed it (camtop does not depend on it: its install script downloads the binary
from outside the registry).
*/
export function packagedFfmpeg(): string | undefined {
	const require = createRequire(import.meta.url);
	const attempts: Array<() => unknown> = [
		() => (require('@ffmpeg-installer/ffmpeg') as {path?: unknown}).path,
		() => require('ffmpeg-static') as unknown,
	];
	for (const attempt of attempts) {
		try {
			const found = attempt();
			if (typeof found === 'string' && isExecutableFile(found)) {
				return found;
			}
		} catch {
			// Not installed, or no binary for this platform: try the next.
		}
	}

	return undefined;
}

/** Find ffmpeg: config / `--ffmpeg` → `FFMPEG_PATH` → `PATH` → an npm package that ships it. */
export function locateFfmpeg(options: LocateOptions = {}): FfmpegLocation {
	const env = options.env ?? process.env;
	if (options.configured !== undefined) {
		return isExecutableFile(options.configured)
			? {path: options.configured, via: 'config'}
			: {missing: `ffmpeg not found at ${options.configured} (set in the config or by --ffmpeg): no executable file there`};
	}

	const fromEnv = env['FFMPEG_PATH'];
	if (fromEnv !== undefined && fromEnv !== '') {
		return isExecutableFile(fromEnv)
			? {path: fromEnv, via: 'FFMPEG_PATH'}
			: {missing: `ffmpeg not found at ${fromEnv} (from FFMPEG_PATH): no executable file there`};
	}

	const onPath = searchPath(env['PATH']);
	if (onPath !== undefined) {
		return {path: onPath, via: 'PATH'};
	}

	const packaged = (options.packaged ?? packagedFfmpeg)();
	return packaged === undefined
		? {missing: `ffmpeg is needed for this camera and was not found: ${INSTALL_HINT}`}
		: {path: packaged, via: 'npm package'};
}

/** major.minor of an ffmpeg binary, for the options that changed between releases. */
export type FfmpegVersion = {readonly major: number; readonly minor: number};

/** Development builds (`N-12345-g…`, `git-2024-…`) are taken as current. */
const CURRENT: FfmpegVersion = {major: 99, minor: 0};

/**
From `ffmpeg -version`. The libavformat line is read first: static and git builds name
themselves `N-47683-g0e8eb07980`, but their library versions tell the release
(libavformat 58 = ffmpeg 4, 59 = 5 (59.27 = 5.1), 60 = 6, 61 = 7, …).
*/
export function parseFfmpegVersion(text: string): FfmpegVersion {
	const library = /libavformat\s+(\d+)\.\s*(\d+)/.exec(text);
	if (library) {
		const lavf = Number(library[1]);
		const lavfMinor = Number(library[2]);
		return {major: lavf - 54, minor: lavf === 59 && lavfMinor >= 27 ? 1 : 0};
	}

	const match = /ffmpeg version n?(\d+)\.(\d+)/i.exec(text);
	return match ? {major: Number(match[1]), minor: Number(match[2])} : CURRENT;
}

const versions = new Map<string, Promise<FfmpegVersion>>();

/** The version of the binary at `file`, asked once per process and path. */
export async function ffmpegVersion(file: string): Promise<FfmpegVersion> {
	let version = versions.get(file);
	if (version === undefined) {
		version = new Promise(resolve => {
			execFile(file, ['-hide_banner', '-version'], {timeout: 10_000}, (_error, stdout) => {
				resolve(parseFfmpegVersion(String(stdout)));
			});
		});
		versions.set(file, version);
	}

	return version;
}
