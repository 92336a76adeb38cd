import {demoFaults} from './faults.js';
import type {DemoCameraOptions} from './types.js';

/**
`camtop --demo-faults`: one small camera per fault mode, shown next to the healthy demo
cameras, so a user can see what camtop does with each kind of broken camera (and that
the healthy ones keep going). The byte streams are paced (about 1 MiB/s each).
*/
export const faultyDemoCameras: DemoCameraOptions[] = demoFaults.map(kind => ({
	name: `fault-${kind}`,
	width: 160,
	height: 120,
	fps: 10,
	fault: {kind},
}));
