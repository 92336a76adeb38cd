import path from 'node:path';
import {CamtopError} from '../errors.js';
import {redactUrl} from '../url-redact.js';
import type {FfmpegVersion} from './ffmpeg-locate.js';
import type {SourceOptions} from './source-types.js';

/** Pictures wider than this are scaled down by ffmpeg: plenty for any terminal tile, and it keeps JPEGs small. */
export const DEFAULT_MAX_WIDTH = 1280;

/** JPEG quality for ffmpeg's MJPEG encoder (`-q:v`, 2 best … 31 worst). */
const JPEG_QUALITY = '5';

/** What kind of input a URL is, for ffmpeg. */
export type FfmpegInputKind = 'rtsp' | 'rtmp' | 'mms' | 'http' | 'file' | 'device';

/**
Only the protocols each kind needs (`-protocol_whitelist`): a remote playlist or SDP
can then never make ffmpeg open a local file or another protocol.
*/
const WHITELIST: Readonly<Record<FfmpegInputKind, string>> = {
	rtsp: 'rtsp,rtsps,rtp,srtp,udp,tcp,tls,http,https',
	rtmp: 'rtmp,rtmps,rtmpt,rtmpts,rtmpe,rtmpte,ffrtmphttp,ffrtmpcrypt,tcp,tls,http,https',
	mms: 'mmsh,mmst,http,tcp',
	http: 'http,https,tcp,tls,crypto',
	file: 'file,crypto',
	device: 'file',
};

const NETWORK_KINDS: ReadonlySet<FfmpegInputKind> = new Set(['rtsp', 'rtmp', 'mms', 'http']);
const TLS_SCHEMES: ReadonlySet<string> = new Set(['https:', 'rtsps:', 'rtmps:', 'rtmpts:']);

/** The input kind of `url`, or undefined when ffmpeg is not the reader for it. */
export function ffmpegInputKind(url: string): FfmpegInputKind {
	const scheme = /^([a-z][\w+.-]*):/i.exec(url)?.[1]?.toLowerCase();
	switch (scheme) {
		case 'rtsp':
		case 'rtsps': {
			return 'rtsp';
		}

		case 'rtmp':
		case 'rtmps':
		case 'rtmpt':
		case 'rtmpts': {
			return 'rtmp';
		}

		case 'mms':
		case 'mmsh':
		case 'mmst': {
			return 'mms';
		}

		case 'http':
		case 'https': {
			return 'http';
		}

		case undefined:
		default: {
			return url.startsWith('/dev/video') ? 'device' : 'file';
		}
	}
}

/** Percent-encode credentials into the URL's userinfo, where ffmpeg's RTSP, HTTP and RTMP readers take them from. */
function withCredentials(url: string, username: string | undefined, password: string | undefined): string {
	if (username === undefined && password === undefined) {
		return url;
	}

	const parsed = new URL(url);
	parsed.username = encodeURIComponent(username ?? '');
	parsed.password = encodeURIComponent(password ?? '');
	return parsed.href;
}

export type FfmpegArgsInput = Pick<SourceOptions, 'url' | 'username' | 'password' | 'headers' | 'insecure' | 'ca' | 'loop' | 'ffmpegOptions' | 'rtspTransport' | 'maxWidth'> & {
	/** Read/write timeout for network inputs. */
	readonly timeoutMs: number;
	readonly version: FfmpegVersion;
};

/**
ffmpeg's argument array (never a shell string): global options, input options, `-i`
with the URL right after it, and MJPEG on stdout scaled down to `maxWidth`.
Throws ERR_CONFIG for a URL that ffmpeg would read as an option.
*/
export function buildFfmpegArgs(input: FfmpegArgsInput): string[] {
	if (input.url.startsWith('-')) {
		throw new CamtopError('ERR_CONFIG', `refusing the URL ${JSON.stringify(redactUrl(input.url).slice(0, 40))}: it starts with "-", so ffmpeg would read it as an option (write ./${redactUrl(input.url).slice(0, 20)} for a file)`);
	}

	const kind = ffmpegInputKind(input.url);
	const micros = String(Math.max(1, Math.round(input.timeoutMs)) * 1000);
	const {major, minor} = input.version;
	const args = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error'];
	let url = input.url;
	switch (kind) {
		case 'rtsp': {
			args.push('-rtsp_transport', input.rtspTransport ?? 'tcp');
			// ffmpeg 5 renamed the RTSP socket timeout: -stimeout became -timeout (which was the listen timeout before).
			args.push(major >= 5 ? '-timeout' : '-stimeout', micros);
			url = withCredentials(url, input.username, input.password);
			break;
		}

		case 'mms': {
			// ffmpeg has no "mms" protocol; the HTTP variant is what most servers still answer.
			url = url.replace(/^mms:/i, 'mmsh:');
			args.push('-rw_timeout', micros);
			break;
		}

		case 'rtmp': {
			args.push('-rw_timeout', micros);
			break;
		}

		case 'http': {
			args.push('-rw_timeout', micros);
			url = withCredentials(url, input.username, input.password);
			const headers = Object.entries(input.headers ?? {}).map(([name, value]) => `${name}: ${value}\r\n`).join('');
			if (headers !== '') {
				args.push('-headers', headers);
			}

			break;
		}

		case 'device': {
			args.push('-f', 'v4l2');
			break;
		}

		case 'file': {
			// `file:` and an absolute path: a local name with a colon is never taken for a protocol.
			url = url.startsWith('file:') ? url : `file:${path.resolve(url)}`;
			// A recording plays at its own speed, like a camera would send it.
			args.push('-re');
			if (input.loop === true) {
				args.push('-stream_loop', '-1');
			}

			break;
		}
	}

	if (TLS_SCHEMES.has(new URL(url, 'file:///').protocol)) {
		args.push('-tls_verify', input.insecure === true ? '0' : '1');
		if (input.ca !== undefined && input.insecure !== true) {
			args.push('-ca_file', input.ca);
		}
	}

	args.push('-protocol_whitelist', WHITELIST[kind]);
	// The user's input options come last, so they can override camtop's.
	args.push(...input.ffmpegOptions ?? [], '-i', url);

	const width = Math.max(16, Math.round(input.maxWidth ?? DEFAULT_MAX_WIDTH));
	// -vsync was renamed -fps_mode in 5.1. vfr keeps the camera's own timing (no duplicated
	// frames) and drops a frame whose timestamp does not advance: RTSP's first frames can go
	// backwards, which passthrough hands to the encoder ("Invalid pts", ffmpeg 4).
	const fpsMode = major > 5 || (major === 5 && minor >= 1) ? '-fps_mode' : '-vsync';
	args.push(
		'-map', '0:v:0', '-an', '-sn', '-dn',
		// The comma inside min() is escaped: in a filter graph it would start a new filter.
		'-vf', String.raw`scale=w=min(iw\,${width}):h=-2`,
		fpsMode, 'vfr',
		'-c:v', 'mjpeg', '-q:v', JPEG_QUALITY,
		'-f', 'mjpeg', 'pipe:1',
	);
	return args;
}

/** Whether an input is a network stream (its timeouts matter) rather than a local file or device. */
export function isNetworkInput(url: string): boolean {
	return NETWORK_KINDS.has(ffmpegInputKind(url));
}
