import {openSync} from 'node:fs';
import tty from 'node:tty';
import {CamtopError} from './errors.js';

/**
The controlling terminal as a key input, for when stdin carries video (`curl … | camtop -`):
Ink then reads keys from /dev/tty instead of the pipe.
*/
export function openTerminalInput(): tty.ReadStream {
	let fd: number;
	try {
		fd = openSync('/dev/tty', 'r');
	} catch (error) {
		throw new CamtopError('ERR_USAGE', `reading video from stdin ("-") needs a terminal for the keys, and /dev/tty cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
	}

	return new tty.ReadStream(fd);
}
