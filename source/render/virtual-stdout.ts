import {EventEmitter} from 'node:events';

/**
A stand-in stdout for Ink: Ink renders the chrome into it and the compositor owns the
real terminal (DESIGN.md, "How pixels reach the terminal").

What Ink 6.8 reads from its stdout (build/ink.js, build/log-update.js):
- `columns` — the layout width (getTerminalWidth); we set it to the terminal's width.
- `rows` — only on the non-debug path, to decide on `clearTerminal`; left undefined so
  that path can never trigger.
- `isTTY` — only for synchronized-output brackets on the non-debug path and for the
  opt-in kitty keyboard query; `false` keeps both off, so nothing but frames arrive here.
- `on/off('resize')` — Ink re-lays out on 'resize' (but not when `CI` is set in the
  environment: then a re-render after `setColumns` picks the new width up).
- `write(data)` — with `debug: true` Ink writes `fullStaticOutput + output` on every render:
  one plain full frame, no cursor movement. Empty writes come from `log.clear()` on a width
  decrease (erasing zero lines) and from unmount's flush barrier; they are not frames.
*/
export class VirtualStdout extends EventEmitter {
	columns: number;
	readonly rows?: number;
	readonly isTTY = false;
	/** The latest full frame Ink wrote. */
	frame = '';
	/** How many frames arrived. */
	frameCount = 0;

	constructor(columns = 80) {
		super();
		this.columns = Math.max(1, Math.floor(columns));
	}

	write(data: string | Uint8Array, encodingOrCallback?: BufferEncoding | (() => void), callback?: () => void): boolean {
		const text = typeof data === 'string' ? data : new TextDecoder().decode(data);
		if (text !== '') {
			this.frame = text;
			this.frameCount++;
			this.emit('frame', text);
		}

		const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
		if (done) {
			queueMicrotask(done);
		}

		return true;
	}

	/** The terminal width changed: Ink lays out at the new width on its next render. */
	setColumns(columns: number): void {
		columns = Math.max(1, Math.floor(columns));
		if (columns === this.columns) {
			return;
		}

		this.columns = columns;
		this.emit('resize');
	}
}
