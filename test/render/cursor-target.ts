/** The CSI finals that move the cursor: CUP, and CUU/CUD/CUF/CUB/CNL/CPL/CHA/VPA. */
export type MoveFinal = 'H' | 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G' | 'd';

export const isMoveFinal = (final: string): final is MoveFinal => 'HABCDEFGd'.includes(final) && final.length === 1;

/**
Where `CSI params final` takes a cursor at (x, y), 0-based, unclamped (the caller decides
what leaving the screen means). A parameter the compositor would never write throws.
*/
export function cursorTarget(final: MoveFinal, params: string, x: number, y: number): {x: number; y: number} {
	if (final === 'H') {
		const [row = '1', column = '1'] = params.split(';');
		return {x: Number(column || '1') - 1, y: Number(row || '1') - 1};
	}

	const count = Number(params || '1');
	if (!Number.isInteger(count) || count < 1 || params.includes(';')) {
		throw new Error(`bad parameter for CSI ${final}: ${params}`);
	}

	switch (final) {
		case 'A': {
			return {x, y: y - count};
		}

		case 'B': {
			return {x, y: y + count};
		}

		case 'C': {
			return {x: x + count, y};
		}

		case 'D': {
			return {x: x - count, y};
		}

		case 'E': {
			return {x: 0, y: y + count};
		}

		case 'F': {
			return {x: 0, y: y - count};
		}

		case 'G': {
			return {x: count - 1, y};
		}

		case 'd': {
			return {x, y: count - 1};
		}
	}
}
