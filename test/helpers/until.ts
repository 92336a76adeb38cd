/** Wait until `condition()` holds, polling every `pollMs`; fail naming `what` after `timeoutMs`. No fixed sleeps in tests. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000, pollMs = 5): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		}

		await new Promise(resolve => setTimeout(resolve, pollMs));
	}
}
