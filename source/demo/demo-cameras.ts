import type {DemoCameraOptions} from './types.js';

/**
The cameras `camtop` shows when nothing is configured: different sizes, rates and
framing quirks, so the stats panel has something to tell apart. Sizes and rates are
kept modest so the simulator stays a small share of one core.
*/
export const defaultDemoCameras: DemoCameraOptions[] = [
	{name: 'lobby', width: 640, height: 360, fps: 15, quirk: 'standard'},
	{name: 'garage', width: 480, height: 270, fps: 10, quirk: 'dashed-boundary'},
	{name: 'yard', width: 320, height: 240, fps: 8, quirk: 'no-content-length'},
	{name: 'door', width: 640, height: 480, fps: 12, quirk: 'quoted-boundary'},
];
