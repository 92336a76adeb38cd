import {readdirSync, readFileSync} from 'node:fs';

export type ProcEntry = {readonly pid: number; readonly comm: string; readonly state: string};

/**
Processes whose parent is this test process, read from /proc (Linux). A zombie (state Z)
is listed too: it is a child that exited and was not reaped.
*/
export function childProcesses(comm?: string): ProcEntry[] {
	const entries: ProcEntry[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) {
			continue;
		}

		let stat: string;
		try {
			stat = readFileSync(`/proc/${name}/stat`, 'utf8');
		} catch {
			continue;
		}

		// proc(5): "pid (comm) state ppid …"; comm may hold spaces and parentheses, so split at the last ')'.
		const close = stat.lastIndexOf(')');
		const [state, ppid] = stat.slice(close + 2).split(' ');
		const entry = {pid: Number(name), comm: stat.slice(stat.indexOf('(') + 1, close), state: state ?? ''};
		if (Number(ppid) === process.pid && (comm === undefined || entry.comm === comm)) {
			entries.push(entry);
		}
	}

	return entries;
}

/** Whether a process with this PID still exists (running or zombie). */
export function processExists(pid: number): boolean {
	try {
		readFileSync(`/proc/${pid}/stat`);
		return true;
	} catch {
		return false;
	}
}
