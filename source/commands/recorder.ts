import fs from 'node:fs';
import path from 'node:path';
import {CamtopError} from '../errors.js';
import type {Frame} from '../ingest/types.js';

/** `raw`: the JPEGs back to back (what `curl`-style tools call .mjpg). `multipart`: each frame as a part with its headers. */
export type RecordFormat = 'raw' | 'multipart';
export const recordFormats: readonly RecordFormat[] = ['raw', 'multipart'];

/** The delimiter line of a multipart recording when the camera's is not known. */
const FALLBACK_DELIMITER = '--camtop-recording';

function writeError(file: string, error: unknown): CamtopError {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	const why = code === 'ENOSPC' ? 'no space left on the device' : (error instanceof Error ? error.message : String(error));
	return new CamtopError('ERR_WRITE', `cannot write ${file}: ${why}`, {cause: error});
}

/** Write all of `data` at the file's current position (write(2) may write less than asked). */
function writeAll(fd: number, data: Uint8Array): void {
	let offset = 0;
	while (offset < data.length) {
		offset += fs.writeSync(fd, data, offset, data.length - offset);
	}
}

/** One multipart part for `frame`: the camera's part headers, with a Content-Length that states the real length. */
export function partBytes(frame: Frame, delimiter: string): Buffer {
	const lines = [delimiter];
	let length = false;
	for (const [name, value] of frame.headers) {
		if (name.toLowerCase() === 'content-length') {
			if (!length) {
				lines.push(`${name}: ${frame.data.length}`);
				length = true;
			}
		} else {
			lines.push(`${name}: ${value}`);
		}
	}

	if (!length) {
		lines.push(`Content-Length: ${frame.data.length}`);
	}

	return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), frame.data, Buffer.from('\r\n', 'latin1')]);
}

/**
A recording file. Every write is synchronous and whole: a frame is in the file completely
or not at all (a failed write is cut back to the last whole frame), nothing waits in a
user-space buffer, and close() works from a signal handler or an 'exit' listener. A
failed write (a full disk) throws CamtopError('ERR_WRITE'); the file then holds every
frame before it and accepts no more.
*/
export class FrameFile {
	readonly path: string;
	readonly format: RecordFormat;
	#fd: number | undefined;
	/** Bytes of whole frames (and parts) in the file. */
	#committed = 0;
	#frames = 0;
	#delimiter: string | undefined;
	#failed: CamtopError | undefined;

	private constructor(file: string, format: RecordFormat, fd: number) {
		this.path = file;
		this.format = format;
		this.#fd = fd;
	}

	/** Create (or truncate) `file`. Throws ERR_WRITE when it cannot be opened. */
	static open(file: string, format: RecordFormat): FrameFile {
		try {
			return new FrameFile(file, format, fs.openSync(file, 'w'));
		} catch (error) {
			throw writeError(file, error);
		}
	}

	get frames(): number {
		return this.#frames;
	}

	get bytes(): number {
		return this.#committed;
	}

	get open(): boolean {
		return this.#fd !== undefined;
	}

	get failed(): CamtopError | undefined {
		return this.#failed;
	}

	/**
	Append one frame. `delimiter` is the camera's delimiter line (multipart only; the first
	one seen is kept for the whole file).
	*/
	write(frame: Frame, delimiter?: string): void {
		const fd = this.#fd;
		if (fd === undefined) {
			throw this.#failed ?? new CamtopError('ERR_WRITE', `${this.path} is closed`);
		}

		let data = frame.data;
		if (this.format === 'multipart') {
			this.#delimiter ??= delimiter ?? FALLBACK_DELIMITER;
			data = partBytes(frame, this.#delimiter);
		}

		try {
			writeAll(fd, data);
		} catch (error) {
			this.#failed = writeError(this.path, error);
			try {
				// Never leave part of a frame behind.
				fs.ftruncateSync(fd, this.#committed);
			} catch {
				// A device (e.g. /dev/full) cannot be truncated; it holds nothing either.
			}

			this.#closeQuietly();
			throw this.#failed;
		}

		this.#committed += data.length;
		this.#frames++;
	}

	/** Write the closing delimiter (multipart), flush to the disk and close. Idempotent; throws ERR_WRITE if the last bytes cannot be written. */
	close(): void {
		const fd = this.#fd;
		if (fd === undefined) {
			return;
		}

		try {
			if (this.format === 'multipart' && this.#delimiter !== undefined) {
				const closing = Buffer.from(`${this.#delimiter}--\r\n`, 'latin1');
				writeAll(fd, closing);
				this.#committed += closing.length;
			}

			try {
				fs.fsyncSync(fd);
			} catch (error) {
				// Pipes and devices cannot be synced; a regular file that cannot is a real failure.
				if ((error as NodeJS.ErrnoException).code !== 'EINVAL') {
					throw error;
				}
			}
		} catch (error) {
			this.#failed = writeError(this.path, error);
			this.#closeQuietly();
			throw this.#failed;
		}

		this.#closeQuietly();
	}

	#closeQuietly(): void {
		const fd = this.#fd;
		this.#fd = undefined;
		if (fd !== undefined) {
			try {
				fs.closeSync(fd);
			} catch {
				// Already reported, or nothing left to lose.
			}
		}
	}
}

/**
Save one frame to `file` so that the file is either the whole frame or absent: a regular
file is written beside it and renamed over it; a device or pipe (`/dev/stdout`) is written
directly. Throws ERR_WRITE.
*/
export function saveFrameFile(file: string, data: Uint8Array): void {
	let target: fs.Stats | undefined;
	try {
		target = fs.statSync(file);
	} catch {
		target = undefined;
	}

	if (target !== undefined && !target.isFile()) {
		let fd: number | undefined;
		try {
			fd = fs.openSync(file, 'w');
			writeAll(fd, data);
		} catch (error) {
			throw writeError(file, error);
		} finally {
			if (fd !== undefined) {
				fs.closeSync(fd);
			}
		}

		return;
	}

	const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.part`);
	try {
		const fd = fs.openSync(temporary, 'w');
		try {
			writeAll(fd, data);
			fs.fsyncSync(fd);
		} finally {
			fs.closeSync(fd);
		}

		fs.renameSync(temporary, file);
	} catch (error) {
		fs.rmSync(temporary, {force: true});
		throw writeError(file, error);
	}
}
