import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {fileURLToPath} from 'node:url';

/** Debian's python3 (python3-gi lives in its dist-packages, not in a pyenv or venv python). */
const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('gst-server.py', import.meta.url));

/** Why the GStreamer servers cannot run here, or false when they can (for `test(..., {skip})`). */
export const gstMissing: string | false = spawnSync(PYTHON, ['-c', [
	'import gi',
	'gi.require_version("Gst", "1.0")',
	'gi.require_version("GstRtspServer", "1.0")',
	'from gi.repository import Gst, GstRtspServer',
	'Gst.init(None)',
	'assert all(Gst.ElementFactory.find(e) for e in ["jpegenc", "multipartmux", "tcpserversink", "qtdemux", "h264parse", "rtph264pay"])',
].join('\n')], {stdio: 'ignore'}).status === 0
	? false
	: 'GStreamer with python3-gi and gst-rtsp-server is not installed (see .ci/run)';

export type GstServer = {readonly port: number; readonly child: ChildProcess; stop(): Promise<void>};

/** Start test/helpers/gst-server.py with `args`; resolves once it prints "ready PORT". */
export async function startGst(args: readonly string[], timeoutMs = 15_000): Promise<GstServer> {
	const child = spawn(PYTHON, [SCRIPT, ...args], {stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	let errors = '';
	child.stderr.setEncoding('utf8').on('data', (text: string) => {
		errors = (errors + text).slice(-2000);
	});
	const exited = once(child, 'exit');
	const stop = async () => {
		if (child.exitCode === null && child.signalCode === null) {
			process.kill(child.pid!, 'SIGKILL');
		}

		await exited;
	};

	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => {
			reject(new Error(`gst-server ${args.join(' ')} not ready within ${timeoutMs} ms: ${errors}`));
		}, timeoutMs);
		child.stdout.setEncoding('utf8').on('data', (text: string) => {
			output += text;
			const match = /ready (\d+)/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		});
		child.once('exit', code => {
			clearTimeout(timer);
			reject(new Error(`gst-server exited with ${code}: ${errors}`));
		});
	}).catch(async (error: unknown) => {
		await stop();
		throw error;
	});
	return {port, child, stop};
}
