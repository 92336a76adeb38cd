import {test} from 'node:test';
import assert from 'node:assert/strict';
import {startDemoServer} from '../../source/demo/simulator.js';
import {probeCamera} from '../../source/commands/probe.js';
import {buildReport} from '../../source/commands/probe-report.js';
import {findingsFor} from '../../source/commands/findings.js';

/*
A probe on a starved machine: camtop takes a frame's arrival time when its event loop gets to
the socket, so when the loop runs late, frames seem to arrive in bunches though the camera
sent them evenly. That jitter is the machine's, and must not become a warning (a warning makes
`camtop probe` exit 1 and blames the camera). Here the loop is blocked on purpose, 80 ms every
200 ms, while a steady simulated camera is probed.
*/

/** Busy-wait: blocks the event loop the way a starved or overloaded process does. */
function block(ms: number): void {
	const end = Date.now() + ms;
	while (Date.now() < end) {
		// Spin.
	}
}

test('probe: jitter caused by camtop\'s own late event loop is a note that says so, not a warning', {timeout: 60_000}, async () => {
	const server = await startDemoServer([{name: 'steady', width: 64, height: 48, fps: 40}]);
	let blocks = 0;
	// Bounded: at most 40 blocks (8 s), and cleared when the probe ends.
	const blocker = setInterval(() => {
		if (++blocks <= 40) {
			block(80);
		}
	}, 200);
	try {
		const observation = await probeCamera({name: 'steady', url: server.cameras[0]!.url}, {durationMs: 2000});
		clearInterval(blocker);
		const report = buildReport(observation);
		assert.equal(report.end, 'duration');
		assert.ok(report.timing.probeDelayMs >= 40, `the probe saw its own loop run late (${report.timing.probeDelayMs} ms)`);
		assert.ok(report.timing.jitterPercent! >= 50, `bunched arrivals measure as jitter (${report.timing.jitterPercent}%)`);
		const jitter = report.findings.filter(finding => finding.id === 'jitter');
		assert.equal(jitter.length, 1);
		assert.equal(jitter[0]!.severity, 'info');
		assert.match(jitter[0]!.message, /camtop itself ran up to \d+ ms late \(a busy machine\)/);
		assert.equal(report.healthy, true, JSON.stringify(report.findings));

		// The same measurements from a probe whose loop kept time: the jitter is the camera's, a warning.
		const idle = findingsFor({...report, timing: {...report.timing, probeDelayMs: 2}}, {mediaType: 'multipart/x-mixed-replace', lastCorruption: undefined});
		assert.deepEqual(idle.filter(finding => finding.id === 'jitter').map(finding => finding.severity), ['warning']);
		assert.match(idle.find(finding => finding.id === 'jitter')!.message, /: playback stutters$/);
	} finally {
		clearInterval(blocker);
		await server.close();
	}
});
