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
};

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
	| {type: 'camera-count'; count: number};

export function initialUiState(cameraCount: number): UiState {
	return {view: 'grid', selected: 0, helpOpen: false, cameraCount, quitting: false, reconnect: undefined};
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

		case 'camera-count': {
			return {...state, cameraCount: action.count, selected: Math.min(state.selected, Math.max(0, action.count - 1))};
		}
	}
}
