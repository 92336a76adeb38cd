import type {CameraSnapshot} from '../../source/camera/types.js';

/** A camera snapshot as the Camera would publish it, for UI tests. */
export function cameraSnapshot(index: number, overrides: Partial<CameraSnapshot> = {}): CameraSnapshot {
	return {
		index,
		name: `cam${index + 1}`,
		displayUrl: `http://127.0.0.1:9/cam${index + 1}.mjpeg`,
		state: 'live',
		reason: undefined,
		fps: 15,
		fpsAverage: 14.9,
		bytesPerSecond: 250_000,
		frames: 100,
		bytes: 1_600_000,
		reconnects: 0,
		framing: 'multipart',
		contentType: 'multipart/x-mixed-replace; boundary=x',
		lastError: undefined,
		since: 0,
		...overrides,
	};
}
