import process from 'node:process';

/** Write to stdout and wait until it is handed to the OS, so an exit right after loses nothing. */
export async function writeOut(text: string | Uint8Array): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		process.stdout.write(text, error => {
			if (error) {
				reject(error);
			} else {
				resolve();
			}
		});
	});
}

/** A line on stderr (notes and progress, so stdout stays clean for data). */
export function note(text: string): void {
	try {
		process.stderr.write(`${text}\n`);
	} catch {
		// A hung-up terminal (SIGHUP) cannot be told anything; the work itself still completes.
	}
}

/** Whether a picture or colours may be drawn: a terminal, and no NO_COLOR / TERM=dumb. */
export function colourWanted(stream: NodeJS.WriteStream): boolean {
	return stream.isTTY === true && !('NO_COLOR' in process.env) && process.env['TERM'] !== 'dumb';
}

/** Exit status of the commands: see readme.md. */
export const EXIT = {ok: 0, camera: 1, usage: 2, write: 3} as const;
