import type {Socket} from 'node:net';

/**
Whole-connection faults of a broken or hostile camera. Unlike the per-part anomalies these
are written straight to the socket (not through Node's ServerResponse), because a hostile
camera sends what Node's server would refuse to: escape sequences in headers, a header
that never ends, a reset in the middle of a frame.
*/
export const demoFaults = [
	'stall',
	'reset-mid-frame',
	'huge-length',
	'endless-part',
	'garbage',
	'wrong-boundary',
	'html-page',
	'auth-basic',
	'auth-digest',
	'retry-after',
	'slow-headers',
	'header-flood',
	'escape-headers',
	'escape-reason',
	'frame-flood',
	'bursty',
	'absurd-dimensions',
] as const;

export type DemoFault = typeof demoFaults[number];

export type DemoFaultOptions = {
	readonly kind: DemoFault;
	/**
	For the byte streams (huge-length, endless-part, garbage, frame-flood): write as fast as the
	reader takes it instead of about 1 MiB/s. Tests use it to push hundreds of MB through.
	*/
	readonly flatOut?: boolean;
	/** Seconds in the Retry-After of `retry-after`; default 7. */
	readonly retryAfterSeconds?: number;
};

/** What a fault connection needs from its camera. */
export type FaultContext = {
	/** A valid JPEG of the camera's picture. */
	readonly jpeg: Uint8Array;
	readonly fps: number;
	/** Called once per byte-stream chunk written, for the counters. */
	readonly onBytes: (count: number) => void;
	/** setTimeout that the simulator's close() can cancel. */
	readonly schedule: (callback: () => void, ms: number) => void;
};

const boundary = 'camtopfault';
const chunkSize = 64 * 1024;
/** Paced byte streams send one chunk per tick: 16 × 64 KiB ≈ 1 MiB/s. */
const pacedTickMs = 1000 / 16;

/** Letters only: never a line end, a dash or 0xFF, so nothing in it looks like a delimiter or a JPEG marker. */
const letters = Buffer.from(Array.from({length: chunkSize}, (_, index) => 0x41 + (index % 26)));

/** Escape sequences a hostile camera may try to get onto the operator's screen. */
export const injectedSequences = [
	'\u001B[2J', // Clear the screen
	'\u001B]0;owned\u0007', // Set the window title
	'\u001B]52;c;b3duZWQ=\u0007', // Write the clipboard
	'\u009B31m', // 8-bit CSI (one byte in latin1)
	'\u001B]8;;http://evil.example/\u001B\\', // Hyperlink
	'\r\u001B[1A', // Carriage return and cursor up
] as const;

function head(status: string, headers: readonly string[]): Buffer {
	return Buffer.from(`HTTP/1.1 ${status}\r\n${headers.map(line => `${line}\r\n`).join('')}Connection: close\r\n\r\n`, 'latin1');
}

const mjpegHead = (declared = boundary) => head('200 OK', [`Content-Type: multipart/x-mixed-replace; boundary=${declared}`, 'Cache-Control: no-cache']);

function part(jpeg: Uint8Array, delimiter = boundary): Buffer {
	return Buffer.concat([Buffer.from(`--${delimiter}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`, 'latin1'), jpeg, Buffer.from('\r\n')]);
}

/** A copy of `jpeg` whose first SOFn header says 65000 x 65000 (ITU T.81 B.2.2: P, Y, X after the length). */
export function absurdJpeg(jpeg: Uint8Array): Buffer {
	const copy = Buffer.from(jpeg);
	for (let index = 2; index + 9 < copy.length; index++) {
		const marker = copy[index + 1]!;
		if (copy[index] === 0xFF && marker >= 0xC0 && marker <= 0xCF && marker !== 0xC4 && marker !== 0xC8 && marker !== 0xCC) {
			copy.writeUInt16BE(65_000, index + 5);
			copy.writeUInt16BE(65_000, index + 7);
			break;
		}
	}

	return copy;
}

/** Writes `next()` chunks paced or as fast as the socket drains, until the socket closes. */
function pump(socket: Socket, next: () => Buffer, flatOut: boolean, context: FaultContext): void {
	const step = () => {
		while (!socket.destroyed) {
			const chunk = next();
			context.onBytes(chunk.length);
			const more = socket.write(chunk);
			if (!flatOut) {
				context.schedule(step, pacedTickMs);
				return;
			}

			if (!more) {
				socket.once('drain', step);
				return;
			}
		}
	};

	step();
}

/** Sends `frames` at intervals `everyMs`, in bursts of `burst`, until the socket closes. */
function frames(socket: Socket, context: FaultContext, everyMs: number, burst: number): void {
	const step = () => {
		if (socket.destroyed) {
			return;
		}

		const chunk = part(context.jpeg);
		for (let index = 0; index < burst; index++) {
			socket.write(chunk);
		}

		context.schedule(step, everyMs);
	};

	step();
}

/** Serve one connection of a faulty camera on its raw socket. */
export function serveFault(socket: Socket, fault: DemoFaultOptions, context: FaultContext): void {
	const flatOut = fault.flatOut ?? false;
	const jpeg = Buffer.from(context.jpeg);
	socket.on('error', () => {
		// The client hung up; nothing to tell.
	});
	switch (fault.kind) {
		case 'stall': {
			// Two good frames, then silence on an open connection.
			socket.write(Buffer.concat([mjpegHead(), part(jpeg), part(jpeg)]));
			return;
		}

		case 'reset-mid-frame': {
			socket.write(Buffer.concat([mjpegHead(), part(jpeg), part(jpeg).subarray(0, 40 + Math.floor(jpeg.length / 2))]), () => {
				socket.resetAndDestroy();
			});
			return;
		}

		case 'huge-length': {
			socket.write(Buffer.concat([mjpegHead(), Buffer.from(`--${boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: 2147483648\r\n\r\n`), jpeg.subarray(0, 2)]));
			pump(socket, () => letters, flatOut, context);
			return;
		}

		case 'endless-part': {
			socket.write(Buffer.concat([mjpegHead(), Buffer.from(`--${boundary}\r\nContent-Type: image/jpeg\r\n\r\n`), jpeg.subarray(0, 2)]));
			pump(socket, () => letters, flatOut, context);
			return;
		}

		case 'garbage': {
			socket.write(mjpegHead());
			pump(socket, () => letters, flatOut, context);
			return;
		}

		case 'wrong-boundary': {
			// The Content-Type declares one boundary, the body uses another: a client has to sniff it.
			socket.write(mjpegHead('declared'));
			const step = () => {
				if (!socket.destroyed) {
					socket.write(part(jpeg, 'actual'));
					context.schedule(step, 1000 / context.fps);
				}
			};

			step();
			return;
		}

		case 'html-page': {
			const page = '<!DOCTYPE html><html><head><title>Login</title></head><body><form method="post"><input name="user"><input name="pwd" type="password"></form></body></html>\n';
			socket.end(Buffer.concat([head('200 OK', ['Content-Type: text/html; charset=utf-8', `Content-Length: ${page.length}`]), Buffer.from(page)]));
			return;
		}

		case 'auth-basic': {
			socket.end(head('401 Unauthorized', ['WWW-Authenticate: Basic realm="camtop demo"', 'Content-Length: 0']));
			return;
		}

		case 'auth-digest': {
			socket.end(head('401 Unauthorized', ['WWW-Authenticate: Digest realm="camtop demo", qop="auth", nonce="6e6f6e6365", opaque="6f706171"', 'Content-Length: 0']));
			return;
		}

		case 'retry-after': {
			socket.end(head('503 Service Unavailable', [`Retry-After: ${fault.retryAfterSeconds ?? 7}`, 'Content-Length: 0']));
			return;
		}

		case 'slow-headers': {
			// One byte of the status line and headers every 500 ms: never a whole header in time.
			const text = mjpegHead();
			let offset = 0;
			const step = () => {
				if (!socket.destroyed && offset < text.length) {
					socket.write(text.subarray(offset, ++offset));
					context.schedule(step, 500);
				}
			};

			step();
			return;
		}

		case 'header-flood': {
			const lines = Array.from({length: 5000}, (_, index) => `X-Flood-${index}: ${'x'.repeat(40)}`);
			socket.write(head('200 OK', ['Content-Type: multipart/x-mixed-replace; boundary=camtopfault', ...lines]));
			frames(socket, context, 1000 / context.fps, 1);
			return;
		}

		case 'escape-headers': {
			// Node's HTTP parser refuses control characters in response header values, so the
			// escapes go where camtop's own parsers read them: the multipart part headers.
			socket.write(mjpegHead());
			const evil = injectedSequences.join('');
			const evilPart = Buffer.concat([
				Buffer.from(`--${boundary}\r\nContent-Type: image/jpeg${evil.replaceAll('\r', '')}\r\nX-Camera: ${evil.replaceAll('\r', '')}\r\nContent-Length: ${jpeg.length}\r\n\r\n`, 'latin1'),
				jpeg,
				Buffer.from('\r\n'),
			]);
			const step = () => {
				if (!socket.destroyed) {
					socket.write(evilPart);
					context.schedule(step, 1000 / context.fps);
				}
			};

			step();
			return;
		}

		case 'escape-reason': {
			// Escape sequences in the reason phrase, which ends up in the error shown. No CR:
			// Node's parser would refuse the whole answer.
			socket.end(Buffer.from(`HTTP/1.1 503 Unavailable ${injectedSequences.join('').replaceAll('\r', '')}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`, 'latin1'));
			return;
		}

		case 'frame-flood': {
			socket.write(mjpegHead());
			const flood = Buffer.concat(Array.from({length: 16}, () => part(jpeg)));
			pump(socket, () => flood, flatOut, context);
			return;
		}

		case 'absurd-dimensions': {
			// A JPEG whose frame header declares 65000 x 65000 pixels (4.2 gigapixels).
			socket.write(mjpegHead());
			const huge = absurdJpeg(jpeg);
			const step = () => {
				if (!socket.destroyed) {
					socket.write(part(huge));
					context.schedule(step, 1000 / context.fps);
				}
			};

			step();
			return;
		}

		case 'bursty': {
			// Ten frames at once, then three seconds of nothing (less than the stall time).
			socket.write(mjpegHead());
			frames(socket, context, 3000, 10);
			return;
		}
	}
}
