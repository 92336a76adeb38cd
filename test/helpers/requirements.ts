/**
The `skip` option for tests that need an outside tool (ffmpeg, tmux, xterm, GStreamer, …).
On a developer's machine a missing tool skips the test with the reason. Under CI (`CI` set),
`.ci/run` installs every tool, so a missing one is an error: a skip there would hide a broken
install and leave the test to rot.
*/
export function skipUnlessInstalled(reason: string | boolean | undefined): string | false {
	if (!reason) {
		return false;
	}

	const why = typeof reason === 'string' ? reason : 'a required tool is not installed';
	if (process.env['CI']) {
		throw new Error(`CI must provide what this test needs: ${why} (see .ci/run)`);
	}

	return why;
}
