import {existsSync} from 'node:fs';
import path from 'node:path';
import type {Camera} from '../camera/camera.js';
import type {CaptureStatus} from '../camera/types.js';
import {CamtopError} from '../errors.js';
import type {Frame} from '../ingest/types.js';
import {formatBytes} from '../ui/format.js';
import {FrameFile, saveFrameFile, type RecordFormat} from './recorder.js';

/** How long a notice (a saved frame, a finished recording, an error) stays on screen. */
export const NOTICE_MS = 8000;

export type CaptureOptions = {
	/** Where files go; default the current directory. */
	readonly directory?: string;
	readonly format?: RecordFormat;
	readonly now?: () => number;
	/** The file for a capture; default `<directory>/<camera>-<time>.<extension>`, never an existing file. */
	readonly fileFor?: (cameraName: string, extension: 'jpg' | 'mjpg') => string;
};

type Notice = {text: string; error: boolean; at: number};

type Slot = {
	readonly camera: Camera;
	lastGood: Frame | undefined;
	file: FrameFile | undefined;
	since: number;
	notice: Notice | undefined;
	/** Identity-stable status for the UI store. */
	status: CaptureStatus | undefined;
	statusKey: string;
};

/** `lobby cam/1` → `lobby-cam-1`: a camera name that is safe as part of a file name. */
export function fileSafe(name: string): string {
	const safe = name.replaceAll(/[^\w.-]+/g, '-').replaceAll(/^[-.]+|-+$/g, '');
	return safe === '' ? 'camera' : safe.slice(0, 60);
}

/** `20261121-070512` in local time. */
export function fileStamp(ms: number): string {
	const date = new Date(ms);
	const two = (value: number) => String(value).padStart(2, '0');
	return `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}

/**
The monitor's `c` (save the current frame) and `R` (record / stop) for each camera.
Frames are written synchronously as they arrive (see FrameFile), so closeAll() from a
signal or 'exit' handler leaves every recording whole and flushed.
*/
export class MonitorCapture {
	readonly #slots: Slot[];
	readonly #directory: string;
	readonly #format: RecordFormat;
	readonly #now: () => number;
	readonly #fileFor: CaptureOptions['fileFor'];
	readonly #unsubscribe: Array<() => void> = [];

	constructor(cameras: readonly Camera[], options: CaptureOptions = {}) {
		this.#directory = options.directory ?? '.';
		this.#format = options.format ?? 'raw';
		this.#now = options.now ?? Date.now;
		this.#fileFor = options.fileFor;
		this.#slots = cameras.map(camera => ({camera, lastGood: undefined, file: undefined, since: 0, notice: undefined, status: undefined, statusKey: ''}));
		for (const slot of this.#slots) {
			this.#unsubscribe.push(slot.camera.onFrame((frame, {good}) => {
				this.#onFrame(slot, frame, good);
			}));
		}
	}

	/** Save camera `index`'s newest whole frame as `<name>-<time>.jpg`; returns the path, or undefined. */
	saveFrame(index: number): string | undefined {
		const slot = this.#slots[index];
		if (!slot) {
			return undefined;
		}

		const frame = slot.lastGood;
		if (!frame) {
			this.#tell(slot, 'no frame to save yet', true);
			return undefined;
		}

		const file = this.#freeName(slot, 'jpg');
		try {
			saveFrameFile(file, frame.data);
		} catch (error) {
			this.#tell(slot, this.#describe(error), true);
			return undefined;
		}

		this.#tell(slot, `saved ${file} (${formatBytes(frame.data.length)})`, false);
		return file;
	}

	/** Start recording camera `index` to `<name>-<time>.mjpg`, or stop its recording. */
	toggleRecord(index: number): void {
		const slot = this.#slots[index];
		if (!slot) {
			return;
		}

		if (slot.file) {
			this.#stop(slot);
			return;
		}

		const file = this.#freeName(slot, 'mjpg');
		try {
			slot.file = FrameFile.open(file, this.#format);
			slot.since = this.#now();
			// The REC mark with the file name says it; a notice from before would only confuse.
			slot.notice = undefined;
		} catch (error) {
			this.#tell(slot, this.#describe(error), true);
		}
	}

	/** What camera `index`'s title and panel show; the same object until it changes. */
	status(index: number): CaptureStatus | undefined {
		const slot = this.#slots[index];
		if (!slot) {
			return undefined;
		}

		const now = this.#now();
		const notice = slot.notice && now - slot.notice.at < NOTICE_MS ? slot.notice : undefined;
		const {file} = slot;
		const key = `${file ? `${file.path} ${file.frames} ${file.bytes}` : '-'} ${notice ? `${notice.at} ${notice.text}` : '-'}`;
		if (key !== slot.statusKey) {
			slot.statusKey = key;
			slot.status = file || notice
				? {
					recording: file ? {path: file.path, frames: file.frames, bytes: file.bytes, since: slot.since} : undefined,
					notice: notice ? {text: notice.text, error: notice.error} : undefined,
				}
				: undefined;
		}

		return slot.status;
	}

	get recording(): number {
		return this.#slots.filter(slot => slot.file).length;
	}

	/** Close every recording (flushed, synced, closing delimiter written). Synchronous: safe in exit and signal handlers. */
	closeAll(): void {
		for (const slot of this.#slots) {
			if (slot.file) {
				this.#stop(slot);
			}
		}

		for (const unsubscribe of this.#unsubscribe.splice(0)) {
			unsubscribe();
		}
	}

	#onFrame(slot: Slot, frame: Frame, good: boolean): void {
		if (good) {
			slot.lastGood = frame;
		}

		if (!slot.file) {
			return;
		}

		try {
			slot.file.write(frame, slot.camera.splitterStats?.seenBoundary);
		} catch (error) {
			// FrameFile closed itself and kept only whole frames; say why the recording stopped.
			const {file} = slot;
			slot.file = undefined;
			this.#tell(slot, `${this.#describe(error)} — recording stopped after ${file.frames} frames`, true);
		}
	}

	#stop(slot: Slot): void {
		const file = slot.file!;
		slot.file = undefined;
		try {
			file.close();
			this.#tell(slot, `recorded ${file.frames} frames (${formatBytes(file.bytes)}) to ${file.path}`, false);
		} catch (error) {
			this.#tell(slot, this.#describe(error), true);
		}
	}

	#tell(slot: Slot, text: string, error: boolean): void {
		slot.notice = {text, error, at: this.#now()};
	}

	#describe(error: unknown): string {
		return error instanceof CamtopError ? `${error.code}: ${error.message}` : String(error);
	}

	/** A file name that does not exist yet (a second save in the same second gets `-2`). */
	#freeName(slot: Slot, extension: 'jpg' | 'mjpg'): string {
		if (this.#fileFor) {
			return this.#fileFor(slot.camera.config.name, extension);
		}

		const base = path.join(this.#directory, `${fileSafe(slot.camera.config.name)}-${fileStamp(this.#now())}`);
		let candidate = `${base}.${extension}`;
		for (let count = 2; existsSync(candidate) && count < 1000; count++) {
			candidate = `${base}-${count}.${extension}`;
		}

		return candidate;
	}
}
