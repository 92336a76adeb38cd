/*
Test helpers: a strict reader for exactly the multipart framing the demo simulator
writes (not the project's frame splitter), a streaming HTTP client, and waitFor.
*/
import {get, type IncomingMessage} from 'node:http';

export type Layout = {delimiter: string; eol: string};

export type Part = {
	/** Header lines exactly as sent, without line endings. */
	lines: string[];
	headers: Map<string, string>;
	jpeg: Buffer;
};

export type Parsed = {parts: Part[]; closed: boolean; rest: number};

/**
Parse as many complete parts as `body` holds. Throws on anything that is not the
expected framing; stops quietly at an incomplete tail.
*/
export function parseParts(body: Buffer, {delimiter, eol}: Layout): Parsed {
	const parts: Part[] = [];
	const open = Buffer.from(delimiter + eol, 'latin1');
	const close = Buffer.from(`${delimiter}--${eol}`, 'latin1');
	const blank = Buffer.from(eol + eol, 'latin1');
	let position = 0;
	for (let guard = 0; guard < 100_000; guard++) {
		const ahead = body.subarray(position);
		if (ahead.length >= close.length && ahead.subarray(0, close.length).equals(close)) {
			if (ahead.length !== close.length) {
				throw new Error(`bytes after the close delimiter at ${position}`);
			}

			return {parts, closed: true, rest: 0};
		}

		if (ahead.length < open.length) {
			return {parts, closed: false, rest: ahead.length};
		}

		if (!ahead.subarray(0, open.length).equals(open)) {
			throw new Error(`expected ${JSON.stringify(delimiter + eol)} at ${position}, got ${JSON.stringify(ahead.subarray(0, open.length).toString('latin1'))}`);
		}

		const headerEnd = ahead.indexOf(blank, open.length - eol.length);
		if (headerEnd < 0) {
			return {parts, closed: false, rest: ahead.length};
		}

		const lines = ahead.subarray(open.length, headerEnd).toString('latin1').split(eol);
		const headers = new Map(lines.map(line => {
			const colon = line.indexOf(':');
			return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()] as const;
		}));
		const dataStart = headerEnd + blank.length;
		const declared = headers.get('content-length');
		let dataEnd: number;
		if (declared === undefined) {
			dataEnd = ahead.indexOf(Buffer.from(eol + delimiter, 'latin1'), dataStart);
			if (dataEnd < 0) {
				return {parts, closed: false, rest: ahead.length};
			}
		} else {
			dataEnd = dataStart + Number(declared);
			if (ahead.length < dataEnd + eol.length) {
				return {parts, closed: false, rest: ahead.length};
			}

			if (ahead.subarray(dataEnd, dataEnd + eol.length).toString('latin1') !== eol) {
				throw new Error(`Content-Length ${declared} does not end at a line break`);
			}
		}

		parts.push({lines, headers, jpeg: ahead.subarray(dataStart, dataEnd)});
		position += dataEnd + eol.length;
	}

	throw new Error('too many parts');
}

export type Stream = {
	response: IncomingMessage;
	body(): Buffer;
	/** Resolves when the response ends or its connection closes. */
	finished: Promise<void>;
	destroy(): void;
};

/** GET `url` and keep every body byte; resolves once the status and headers are in. */
export async function openStream(url: string): Promise<Stream> {
	return new Promise((resolve, reject) => {
		const request = get(url, response => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			const finished = new Promise<void>(done => {
				response.once('close', done);
			});
			resolve({
				response,
				body: () => Buffer.concat(chunks),
				finished,
				destroy() {
					request.destroy();
				},
			});
		});
		request.once('error', reject);
	});
}

/** Read a whole (finite) response. */
export async function readAll(url: string): Promise<{response: IncomingMessage; body: Buffer}> {
	const stream = await openStream(url);
	await stream.finished;
	return {response: stream.response, body: stream.body()};
}

/** Poll `condition` until it holds; fail after `timeoutMs`. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}
}
