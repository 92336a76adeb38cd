import type {ViewMode} from './layout.js';

export type UiState = {
	readonly view: ViewMode;
	/** Index of the selected camera (the one shown in focus view, highlighted in the grid). */
	readonly selected: number;
	readonly helpOpen: boolean;
	readonly cameraCount: number;
	readonly quitting: boolean;
	/** The newest reconnect request (key `r`): which camera, and a serial so repeats are seen. */
	readonly reconnect: {readonly index: number; readonly serial: number} | undefined;
	/** The newest render request (keys `m`, `+`, `-`), with a serial so repeats are seen. */
	readonly render: {readonly change: RenderChange; readonly serial: number} | undefined;
	/** Whether the focus view shows the stats panel (key `s`). */
	readonly statsOpen: boolean;
	/**
	The newest capture requests (keys `c`, `R`), oldest first, each numbered: keys typed faster
	than React renders arrive in one render, and every one of them must still be carried out.
	*/
	readonly captures: readonly CaptureRequest[];
};

export type CaptureRequest = {readonly kind: CaptureKind; readonly index: number; readonly serial: number};

/** Capture requests kept in the state; older ones have long been carried out. */
const MAX_CAPTURE_REQUESTS = 16;

/** Save the selected camera's current frame (`c`), or start/stop recording it (`R`). */
export type CaptureKind = 'save-frame' | 'toggle-record';

/** What the render keys ask for: next render mode, a higher or lower fps cap. */
export type RenderChange = 'cycle-mode' | 'faster' | 'slower';

export type UiAction =
	| {type: 'focus-camera'; index: number}
	| {type: 'next'}
	| {type: 'previous'}
	| {type: 'grid'}
	| {type: 'focus'}
	| {type: 'toggle-help'}
	| {type: 'close-help'}
	| {type: 'quit'}
	/** Ask for the selected camera to reconnect now; the app carries it out. */
	| {type: 'reconnect'}
	/** Ask the render loop for another mode or fps cap; the app carries it out. */
	| {type: 'render'; change: RenderChange}
	| {type: 'toggle-stats'}
	/** Ask for a capture of the selected camera; the app carries it out. */
	| {type: 'capture'; kind: CaptureKind}
	| {type: 'camera-count'; count: number};

export function initialUiState(cameraCount: number): UiState {
	return {view: 'grid', selected: 0, helpOpen: false, cameraCount, quitting: false, reconnect: undefined, render: undefined, statsOpen: true, captures: []};
}

function wrap(index: number, count: number): number {
	return count === 0 ? 0 : ((index % count) + count) % count;
}

/** Pure UI state transitions; no Ink, no timers, tested alone. */
export function uiReducer(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'focus-camera': {
			if (action.index < 0 || action.index >= state.cameraCount) {
				return state;
			}

			return {...state, view: 'focus', selected: action.index, helpOpen: false};
		}

		case 'next': {
			return {...state, selected: wrap(state.selected + 1, state.cameraCount)};
		}

		case 'previous': {
			return {...state, selected: wrap(state.selected - 1, state.cameraCount)};
		}

		case 'grid': {
			return state.view === 'grid' ? state : {...state, view: 'grid'};
		}

		case 'focus': {
			return state.cameraCount === 0 || state.view === 'focus' ? state : {...state, view: 'focus'};
		}

		case 'toggle-help': {
			return {...state, helpOpen: !state.helpOpen};
		}

		case 'close-help': {
			return state.helpOpen ? {...state, helpOpen: false} : state;
		}

		case 'quit': {
			return {...state, quitting: true};
		}

		case 'reconnect': {
			if (state.cameraCount === 0) {
				return state;
			}

			return {...state, reconnect: {index: state.selected, serial: (state.reconnect?.serial ?? 0) + 1}};
		}

		case 'render': {
			return {...state, render: {change: action.change, serial: (state.render?.serial ?? 0) + 1}};
		}

		case 'toggle-stats': {
			return {...state, statsOpen: !state.statsOpen};
		}

		case 'capture': {
			if (state.cameraCount === 0) {
				return state;
			}

			const request = {kind: action.kind, index: state.selected, serial: (state.captures.at(-1)?.serial ?? 0) + 1};
			return {...state, captures: [...state.captures.slice(1 - MAX_CAPTURE_REQUESTS), request]};
		}

		case 'camera-count': {
			return {...state, cameraCount: action.count, selected: Math.min(state.selected, Math.max(0, action.count - 1))};
		}
	}
}
