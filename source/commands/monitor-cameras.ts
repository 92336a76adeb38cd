import type {CameraSnapshot} from '../camera/types.js';
import type {CaptureStatus} from '../camera/types.js';

type Drawn = {readonly rendered: number; readonly dropped: number};

export type CameraSource = {snapshot(): CameraSnapshot};

/**
A camera as the monitor's store sees it: its own snapshot plus what the monitor knows
about it (recording and saved frames, pictures drawn and dropped). The merged snapshot
is the same object until one of its parts changed, so the store and React compare by identity.
*/
export class MonitorCamera {
	readonly #camera: CameraSource;
	readonly #capture: () => CaptureStatus | undefined;
	readonly #drawn: () => Drawn | undefined;
	#base: CameraSnapshot | undefined;
	#captureStatus: CaptureStatus | undefined;
	#rendered = -1;
	#dropped = -1;
	#merged: CameraSnapshot | undefined;

	constructor(camera: CameraSource, capture: () => CaptureStatus | undefined, drawn: () => Drawn | undefined) {
		this.#camera = camera;
		this.#capture = capture;
		this.#drawn = drawn;
	}

	snapshot(): CameraSnapshot {
		const base = this.#camera.snapshot();
		const capture = this.#capture();
		const drawn = this.#drawn();
		const rendered = drawn?.rendered ?? -1;
		const dropped = drawn?.dropped ?? -1;
		if (this.#merged && base === this.#base && capture === this.#captureStatus && rendered === this.#rendered && dropped === this.#dropped) {
			return this.#merged;
		}

		this.#base = base;
		this.#captureStatus = capture;
		this.#rendered = rendered;
		this.#dropped = dropped;
		this.#merged = {...base, capture, drawn: drawn ? {rendered: drawn.rendered, dropped: drawn.dropped} : undefined};
		return this.#merged;
	}
}
