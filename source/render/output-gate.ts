export type TerminalOutput = {
	write(data: string): boolean;
	once(event: 'drain', listener: () => void): unknown;
};

/**
Writes to the terminal that respect backpressure: once `write()` returns false the gate is
closed until `'drain'`, and the owner is told so it can write again. Nothing is queued
here: while closed the owner writes nothing, so a stalled link cannot grow memory.
*/
export class OutputGate {
	readonly #output: TerminalOutput;
	readonly #onDrain: (() => void) | undefined;
	#blocked = false;

	constructor(output: TerminalOutput, onDrain: (() => void) | undefined) {
		this.#output = output;
		this.#onDrain = onDrain;
	}

	/** Whether the last write has not drained yet. */
	get blocked(): boolean {
		return this.#blocked;
	}

	write(data: string): void {
		if (this.#output.write(data)) {
			return;
		}

		this.#blocked = true;
		this.#output.once('drain', () => {
			this.#blocked = false;
			this.#onDrain?.();
		});
	}
}
