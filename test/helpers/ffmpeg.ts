import {spawn, spawnSync} from 'node:child_process';
import {once} from 'node:events';
import {readFileSync} from 'node:fs';
import {freePort} from '../camera/helpers.js';

/** Why a test that needs ffmpeg cannot run here (for skipUnlessInstalled), or false when it is installed. */
export const ffmpegMissing: string | false = spawnSync('ffmpeg', ['-version'], {stdio: 'ignore'}).status === 0 ? false : 'ffmpeg not installed';

/** Whether something listens on 127.0.0.1:port, read from /proc so that no connection is used up. */
export function isListening(port: number): boolean {
	const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
	const table = readFileSync('/proc/net/tcp', 'utf8');
	return table.split('\n').some(line => {
		const fields = line.trim().split(/\s+/);
		return fields[1]?.endsWith(hex) === true && fields[3] === '0A';
	});
}

export type FfmpegServer = {
	readonly port: number;
	/** The stream's URL. */
	readonly url: string;
	/** What ffmpeg wrote to stderr so far (errors only: -loglevel error). */
	stderr(): string;
	/** Kill ffmpeg (by its PID) unless it already exited, and wait for its exit. */
	stop(): Promise<void>;
};

/**
ffmpeg's own MJPEG-over-HTTP server (`-f mpjpeg -listen 1`) on a port of 127.0.0.1 that was
free a moment ago: testsrc2 at 640×360, 10 fps in real time. It serves exactly one client, so
do not probe the port with a connection: wait with isListening(), or let the client retry.
*/
export async function startFfmpegMjpegServer(): Promise<FfmpegServer> {
	const port = await freePort();
	const ffmpeg = spawn('ffmpeg', [
		'-hide_banner', '-loglevel', 'error', '-re',
		'-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=10',
		'-f', 'mpjpeg', '-listen', '1', `http://127.0.0.1:${port}/x`,
	], {stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	ffmpeg.stderr.setEncoding('utf8').on('data', (text: string) => {
		stderr += text;
	});
	const exited = once(ffmpeg, 'exit');
	return {
		port,
		url: `http://127.0.0.1:${port}/x`,
		stderr: () => stderr,
		async stop() {
			if (ffmpeg.exitCode === null && ffmpeg.signalCode === null) {
				process.kill(ffmpeg.pid!, 'SIGKILL');
			}

			await exited;
		},
	};
}
