import {Buffer} from 'node:buffer';
import type {CellSize} from './image-pixels.js';

/*
One batched query to the terminal, ended by DA1 (every terminal answers DA1, and answers
in order, so once its reply is in, nothing else is coming):

  CSI 16 t                         cell size in pixels   → CSI 6 ; height ; width t
  CSI 14 t                         text area in pixels   → CSI 4 ; height ; width t
  APC G i=31,s=1,v=1,a=q,t=d,f=24  kitty graphics query  → APC G i=31 ; OK ST
  CSI > 0 q                        XTVERSION             → DCS > | name(version) ST
  CSI c                            DA1                   → CSI ? 6x ; attr ; … c

Sixel is attribute 4 of the DA1 reply exactly (not 14, not 24). A terminal that does not
know a query ignores it. The wait is bounded (QUERY_TIMEOUT_MS) so a silent terminal or a
slow ssh link never hangs start-up; stdin stays in raw mode afterwards, so a late reply is
never echoed on screen.
*/

export const QUERY =
	'\u001B[16t'
	+ '\u001B[14t'
	+ '\u001B_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u001B\\'
	+ '\u001B[>0q'
	+ '\u001B[c';

/** How long start-up waits for the DA1 reply. */
export const QUERY_TIMEOUT_MS = 800;
/** Replies longer than this are not replies: stop collecting. */
const MAX_REPLY_BYTES = 4096;

export type QueryReplies = {
	/** Whether the DA1 reply arrived (the terminal answered everything it will). */
	readonly answered: boolean;
	readonly sixel: boolean;
	readonly kitty: boolean;
	readonly version: string | undefined;
	readonly cellSize: CellSize | undefined;
	/** DA1 attributes, e.g. [62, 4, 22]. */
	readonly attributes: readonly number[];
};

/** Read what the replies in `text` say (whatever arrived; garbage is ignored). */
export function parseReplies(text: string, columns: number, rows: number): QueryReplies {
	// eslint-disable-next-line no-control-regex -- parsing escape sequences is the point
	const da1 = /\u001B\[\?([\d;]*)c/.exec(text);
	const attributes = da1 ? da1[1]!.split(';').filter(part => part !== '').map(Number) : [];
	// eslint-disable-next-line no-control-regex -- as above
	const cell = /\u001B\[6;(\d+);(\d+)t/.exec(text);
	// eslint-disable-next-line no-control-regex -- as above
	const area = /\u001B\[4;(\d+);(\d+)t/.exec(text);
	let cellSize: CellSize | undefined;
	if (cell && Number(cell[1]) > 0 && Number(cell[2]) > 0) {
		cellSize = {width: Number(cell[2]), height: Number(cell[1])};
	} else if (area && columns > 0 && rows > 0 && Number(area[1]) > 0 && Number(area[2]) > 0) {
		cellSize = {width: Math.floor(Number(area[2]) / columns), height: Math.floor(Number(area[1]) / rows)};
	}

	if (cellSize && (cellSize.width < 2 || cellSize.height < 2 || cellSize.width > 256 || cellSize.height > 512)) {
		cellSize = undefined;
	}

	// eslint-disable-next-line no-control-regex -- as above
	const version = /\u001BP>\|([^\u001B\u0007]{0,200})(?:\u001B\\|\u0007)/.exec(text);
	return {
		answered: da1 !== null,
		sixel: attributes.includes(4),
		// eslint-disable-next-line no-control-regex -- as above
		kitty: /\u001B_Gi=31;OK\u001B\\/.test(text),
		version: version?.[1],
		cellSize,
		attributes,
	};
}

export type QueryInput = {
	readonly isTTY?: boolean;
	setRawMode?(mode: boolean): unknown;
	on(event: 'data', listener: (data: Uint8Array | string) => void): unknown;
	off(event: 'data', listener: (data: Uint8Array | string) => void): unknown;
	pause(): unknown;
	resume(): unknown;
};

export type QueryOutput = {write(data: string): unknown};

/**
Send the query and collect the replies until DA1 arrives or `timeoutMs` passes. Leaves
stdin in raw mode and paused (Ink takes it over).
*/
export async function queryTerminal(input: QueryInput, output: QueryOutput, size: {columns: number; rows: number}, timeoutMs = QUERY_TIMEOUT_MS, query = QUERY): Promise<QueryReplies> {
	input.setRawMode?.(true);
	let text = '';
	let finish: () => void = () => undefined;
	const done = new Promise<void>(resolve => {
		finish = resolve;
	});
	const onData = (data: Uint8Array | string): void => {
		text += typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
		// eslint-disable-next-line no-control-regex -- the DA1 reply ends the batch
		if (/\u001B\[\?[\d;]*c/.test(text) || text.length > MAX_REPLY_BYTES) {
			finish();
		}
	};

	const timer = setTimeout(finish, timeoutMs);
	input.on('data', onData);
	input.resume();
	output.write(query);
	try {
		await done;
	} finally {
		clearTimeout(timer);
		input.off('data', onData);
		input.pause();
	}

	// Node's process.stdin stops reading on the tick after 'pause'. Let that happen before
	// the caller hands stdin to Ink: if Ink's 'readable' listener came first (the reply
	// settled and the monitor went straight on to render), that late stop would leave the
	// listener on a stream that never reads again, and no key would ever arrive (seen in a
	// real kitty: test/render/kitty-camtop.test.ts).
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	return parseReplies(text, size.columns, size.rows);
}
