import {fork, type ChildProcess} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {PassThrough} from 'node:stream';
import {fileURLToPath} from 'node:url';

/*
What the scale bench runs camtop against: the camera child process (bench/scale-sim.ts),
a fake 160×48 terminal and a keyboard stream.
*/

/** Run as TypeScript (tsx), or transpiled into JavaScript beside dist/ (bench/scale-dist.ts). */
const asTypeScript = import.meta.url.endsWith('.ts');
export const sibling = (name: string) => fileURLToPath(new URL(`${name}${asTypeScript ? '.ts' : '.js'}`, import.meta.url));
const childExecArgv = asTypeScript ? ['--import', 'tsx'] : [];

export const COLUMNS = 160;
export const ROWS = 48;

/** A terminal that takes every write at once and counts the bytes. */
export class FakeTerminal extends EventEmitter {
	readonly columns = COLUMNS;
	readonly rows = ROWS;
	readonly isTTY = true;
	bytes = 0;
	write(data: string | Uint8Array): boolean {
		this.bytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
		return true;
	}
}

/** Keys go in here; Ink wants a TTY it can set raw. */
export function fakeKeyboard(): PassThrough & {isTTY: boolean} {
	return Object.assign(new PassThrough(), {isTTY: true, setRawMode() {}, ref() {}, unref() {}});
}

export type SimStats = {cpuMs: number; frames: number[]; skipped: number[]};

export type Simulator = {
	readonly urls: string[];
	stats(): Promise<SimStats>;
	close(): Promise<void>;
};

export async function startSimulator(cameras: number): Promise<Simulator> {
	const child: ChildProcess = fork(sibling('scale-sim'), [String(cameras), '1280', '720', '15'], {
		execArgv: childExecArgv,
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	const urls = await new Promise<string[]>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', code => {
			reject(new Error(`simulator exited (${code})`));
		});
		child.once('message', message => {
			resolve((message as {urls: string[]}).urls);
		});
	});
	return {
		urls,
		async stats() {
			return new Promise<SimStats>(resolve => {
				child.once('message', message => {
					resolve(message as SimStats);
				});
				child.send({type: 'stats'});
			});
		},
		async close() {
			const exited = new Promise(resolve => child.once('exit', resolve));
			child.send({type: 'close'});
			await exited;
		},
	};
}

