/** The three image protocols, by their control string: DCS (sixel), APC G (kitty), OSC 1337 (iTerm2). */
export type ImageKind = 'sixel' | 'kitty' | 'iterm2';

/**
Read the control string that starts at `stream[index]` (ESC + `introducer`): its kind, the
body an image decoder reads (for kitty without the `G`), and where the stream goes on after
its terminator (ST, or BEL for OSC). Anything but an image the compositor may send throws.
*/
export function readControlString(stream: string, index: number, introducer: string): {kind: ImageKind; body: string; next: number} {
	let end = stream.indexOf('\u001B\\', index + 2);
	let terminator = 2;
	const bell = stream.indexOf('\u0007', index + 2);
	if (introducer === ']' && bell >= 0 && (end < 0 || bell < end)) {
		end = bell;
		terminator = 1;
	}

	if (end < 0) {
		throw new Error('unterminated control string');
	}

	const body = stream.slice(index + 2, end);
	const next = end + terminator;
	if (introducer === 'P') {
		if (!/^[\d;]*q/.test(body)) {
			throw new Error(`unexpected DCS ${JSON.stringify(body.slice(0, 12))}`);
		}

		return {kind: 'sixel', body, next};
	}

	if (introducer === '_') {
		if (!body.startsWith('G')) {
			throw new Error(`unexpected APC ${JSON.stringify(body.slice(0, 12))}`);
		}

		return {kind: 'kitty', body: body.slice(1), next};
	}

	if (!body.startsWith('1337;File=')) {
		throw new Error(`unexpected OSC ${JSON.stringify(body.slice(0, 12))}`);
	}

	return {kind: 'iterm2', body, next};
}
