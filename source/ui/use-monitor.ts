import {useSyncExternalStore} from 'react';
import type {MonitorSnapshot} from './monitor-store.js';

export type MonitorSource = {
	readonly subscribe: (listener: () => void) => () => void;
	readonly getSnapshot: () => MonitorSnapshot;
};

/** Camera and render numbers, from the store outside React. */
export function useMonitor(store: MonitorSource): MonitorSnapshot {
	return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
