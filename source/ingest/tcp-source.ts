import net from 'node:net';
import {CamtopError} from '../errors.js';
import {redactUrl} from '../url-redact.js';
import {DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT_MS} from './http-source.js';
import {toSourceError, type ErrorContext} from './source-errors.js';
import type {SourceHandle, SourceHandlers, SourceOptions} from './source-types.js';

/** Host and port of a `tcp://host:port` URL, or why it is not one. */
export function parseTcpUrl(url: string): {host: string; port: number} | {problem: string} {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return {problem: 'is not a valid URL'};
	}

	const port = Number(parsed.port);
	if (parsed.protocol !== 'tcp:' || parsed.hostname === '' || !Number.isInteger(port) || port < 1 || port > 65_535) {
		return {problem: 'must look like tcp://host:port'};
	}

	// An IPv6 literal keeps its brackets in the URL, not in the socket address.
	return {host: parsed.hostname.replace(/^\[(.*)]$/, '$1'), port};
}

/**
A raw TCP stream (`tcp://host:port`): multipart or concatenated JPEGs with no HTTP layer,
as GStreamer's `multipartmux ! tcpserversink` and some encoders send. There is no
Content-Type, so the splitter learns the framing from the bytes alone.
*/
export function openTcpSource(options: SourceOptions, handlers: SourceHandlers): SourceHandle {
	const context: ErrorContext = {
		host: redactUrl(options.url).replace(/^tcp:\/\//, ''),
		secrets: [],
		gotResponse: false,
		timeouts: {
			connect: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
			response: 0,
			idle: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
		},
	};
	let settled = false;
	// Assigned once connecting starts; `fail` may run before that (a bad URL).
	const live: {socket?: net.Socket; connectTimer?: NodeJS.Timeout} = {};
	const fail = (error: unknown) => {
		if (!settled) {
			settled = true;
			clearTimeout(live.connectTimer);
			live.socket?.destroy();
			handlers.onError(toSourceError(error, context));
		}
	};

	const target = parseTcpUrl(options.url);
	if ('problem' in target) {
		queueMicrotask(() => {
			fail(new CamtopError('ERR_CONFIG', `${redactUrl(options.url)} ${target.problem}`));
		});
		return {close() {
			settled = true;
		}};
	}

	context.host = target.host.includes(':') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
	const socket = net.connect({host: target.host, port: target.port});
	live.socket = socket;
	const connectTimer = setTimeout(() => {
		fail(new CamtopError('ERR_TIMEOUT', `could not connect to ${context.host} within ${context.timeouts.connect} ms`));
	}, context.timeouts.connect);
	live.connectTimer = connectTimer;
	socket.on('connect', () => {
		clearTimeout(connectTimer);
		if (settled) {
			return;
		}

		context.gotResponse = true;
		// The idle timer resets on every byte, like got's socket timeout.
		socket.setTimeout(context.timeouts.idle);
		handlers.onResponse({statusCode: 0, contentType: undefined, headers: {}});
	});
	socket.on('timeout', () => {
		fail(new CamtopError('ERR_TIMEOUT', `no data from ${context.host} for ${context.timeouts.idle} ms`));
	});
	socket.on('data', (chunk: Buffer) => {
		if (!settled) {
			handlers.onData(chunk);
		}
	});
	socket.on('end', () => {
		if (!settled) {
			settled = true;
			socket.destroy();
			handlers.onEnd();
		}
	});
	socket.on('error', fail);
	return {
		close() {
			settled = true;
			clearTimeout(connectTimer);
			socket.destroy();
		},
	};
}
