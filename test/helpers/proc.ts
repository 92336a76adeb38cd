import {readdirSync, readFileSync} from 'node:fs';

export type ProcEntry = {readonly pid: number; readonly ppid: number; readonly comm: string; readonly state: string};

/** Every process on the machine, read from /proc (Linux); one that ends while being read is left out. */
export function processTable(): ProcEntry[] {
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
		const [state = '', ppid = ''] = stat.slice(close + 2).split(' ');
		entries.push({pid: Number(name), ppid: Number(ppid), comm: stat.slice(stat.indexOf('(') + 1, close), state});
	}

	return entries;
}

/**
Processes whose parent is `parent` (and whose name is `comm`, when given). A zombie (state Z)
is listed too: it is a child that exited and was not reaped.
*/
export function childrenOf(parent: number, comm?: string): ProcEntry[] {
	return processTable().filter(entry => entry.ppid === parent && (comm === undefined || entry.comm === comm));
}

/** Processes whose parent is this test process; see childrenOf. */
export function childProcesses(comm?: string): ProcEntry[] {
	return childrenOf(process.pid, comm);
}

/** Every process below `root`, breadth first (its children, then theirs), root itself excluded. */
export function descendants(root: number): ProcEntry[] {
	const table = processTable();
	const found: ProcEntry[] = [];
	const queue = [root];
	// Bounded by the table: a process is queued at most once, as a child of its one parent.
	for (let steps = 0; queue.length > 0 && steps <= table.length; steps++) {
		const parent = queue.shift()!;
		for (const entry of table) {
			if (entry.ppid === parent) {
				found.push(entry);
				queue.push(entry.pid);
			}
		}
	}

	return found;
}

/** The first process below `root` (breadth first) whose name is `comm`. */
export function descendantNamed(root: number, comm: string): number | undefined {
	return descendants(root).find(entry => entry.comm === comm)?.pid;
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

/** A process's resident set size in MB, from /proc/PID/status (throws once it is gone). */
export function rssMb(pid: number): number {
	return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}
