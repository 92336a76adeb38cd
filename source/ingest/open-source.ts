import {closeSync, openSync, readSync} from 'node:fs';
import path from 'node:path';
import {openFfmpegSource} from './ffmpeg-source.js';
import {filePathOf, openFileSource} from './file-source.js';
import {openHttpSource} from './http-source.js';
import type {SourceHandle, SourceHandlers, SourceKind, SourceOptions} from './source-types.js';
import {openTcpSource} from './tcp-source.js';

/** Which reader a camera gets, once `auto` is resolved. */
export type ResolvedKind = Exclude<SourceKind, 'auto'>;

/** Extensions of saved MJPEG streams: replayed by camtop itself. */
const MJPEG_EXTENSIONS: ReadonlySet<string> = new Set(['.mjpg', '.mjpeg', '.mjpg', '.jpg', '.jpeg', '.mpjpeg', '.mjpegs']);
/** Extensions ffmpeg reads (everything else is sniffed). */
const VIDEO_EXTENSIONS: ReadonlySet<string> = new Set([
	'.mp4', '.m4v', '.mkv', '.webm', '.mov', '.avi', '.ts', '.m2ts', '.mts', '.flv', '.3gp', '.mpg', '.mpeg',
	'.h264', '.264', '.h265', '.265', '.hevc', '.m3u8', '.sdp', '.wmv', '.asf', '.ogv', '.y4m',
]);
const FFMPEG_SCHEMES: ReadonlySet<string> = new Set(['rtsp', 'rtsps', 'rtmp', 'rtmps', 'rtmpt', 'rtmpts', 'mms', 'mmsh', 'mmst']);

function schemeOf(url: string): string | undefined {
	return /^([a-z][\w+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
}

/** A local file that starts like a saved MJPEG stream: a JPEG SOI, or a multipart delimiter line. */
function looksLikeMjpeg(file: string): boolean {
	let fd: number | undefined;
	try {
		fd = openSync(file, 'r');
		const head = Buffer.alloc(256);
		const length = readSync(fd, head, 0, head.length, 0);
		const bytes = head.subarray(0, length);
		return (bytes[0] === 0xFF && bytes[1] === 0xD8) || /^\s*--/.test(bytes.toString('latin1'));
	} catch {
		// Unreadable: the file source reports why, clearly.
		return true;
	} finally {
		if (fd !== undefined) {
			closeSync(fd);
		}
	}
}

/** The reader for a camera: the configured kind, or one picked from the URL. */
export function resolveKind(options: Pick<SourceOptions, 'url' | 'kind'>): ResolvedKind {
	const {url, kind} = options;
	if (kind !== undefined && kind !== 'auto') {
		return kind;
	}

	if (url === '-') {
		return 'stdin';
	}

	const scheme = schemeOf(url);
	if (scheme === 'http' || scheme === 'https') {
		let pathname = '';
		try {
			pathname = new URL(url).pathname;
		} catch {
			// The http source reports an invalid URL.
		}

		return pathname.toLowerCase().endsWith('.m3u8') ? 'ffmpeg' : 'mjpeg';
	}

	if (scheme === 'tcp') {
		return 'tcp';
	}

	if (scheme !== undefined && FFMPEG_SCHEMES.has(scheme)) {
		return 'ffmpeg';
	}

	if (url.startsWith('/dev/video')) {
		return 'ffmpeg';
	}

	const file = filePathOf(url);
	const extension = path.extname(file).toLowerCase();
	if (MJPEG_EXTENSIONS.has(extension)) {
		return 'file';
	}

	if (VIDEO_EXTENSIONS.has(extension)) {
		return 'ffmpeg';
	}

	return looksLikeMjpeg(file) ? 'file' : 'ffmpeg';
}

/**
The Camera's default source opener: every kind feeds the same handlers (and so the same
FrameSplitter and Camera); the UI never knows where the bytes came from.
*/
export function openSource(options: SourceOptions, handlers: SourceHandlers): SourceHandle {
	switch (resolveKind(options)) {
		case 'mjpeg':
		case 'snapshot': {
			return openHttpSource(options, handlers);
		}

		case 'tcp': {
			return openTcpSource(options, handlers);
		}

		case 'file':
		case 'stdin': {
			return openFileSource(options, handlers);
		}

		case 'ffmpeg': {
			return openFfmpegSource(options, handlers);
		}
	}
}
