import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import os from 'node:os';

/*
`npm run bench` keeps its latest figures in docs/benchmarks.md: one generated block per
benchmark, between marker comments, inside a generated section at the end of the file.
Running one benchmark replaces only its own block; the hand-written sections are never
touched. The pure functions here are tested (test/bench/record.test.ts).
*/

export const SECTION_START = '<!-- bench:generated:start -->';
export const SECTION_END = '<!-- bench:generated:end -->';
const SECTION_HEADING = '## Latest `npm run bench` figures (generated)';
const SECTION_NOTE = 'Written by `npm run bench` (bench/record.ts): each block is replaced when its benchmark runs again; do not edit by hand. The sections above are the hand-written analysis.';

export type Machine = {
	/** ISO date and time (UTC) of the run. */
	readonly date: string;
	readonly cpu: string;
	readonly cores: number;
	readonly node: string;
	/** 1, 5 and 15 minute load averages when the benchmark started. */
	readonly load: readonly number[];
	readonly commit?: string;
	readonly quick: boolean;
};

export type BenchOutput = {
	readonly name: string;
	/** What the benchmark printed, line by line. */
	readonly lines: readonly string[];
	readonly seconds: number;
};

const blockStart = (name: string) => `<!-- bench:${name}:start -->`;
const blockEnd = (name: string) => `<!-- bench:${name}:end -->`;

/** One benchmark's block: where and how it ran, then what it printed. */
export function renderBlock(machine: Machine, output: BenchOutput): string {
	const load = machine.load.map(value => value.toFixed(2)).join(' / ');
	return [
		blockStart(output.name),
		`### ${output.name}`,
		'',
		`${machine.date}, \`npm run bench -- ${machine.quick ? '--quick ' : ''}${output.name}\` (${output.seconds.toFixed(0)} s): ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${load} (1/5/15 min) at the start${machine.commit ? `, commit ${machine.commit}` : ''}.`,
		'',
		'```text',
		...output.lines,
		'```',
		blockEnd(output.name),
	].join('\n');
}

/**
The document with `output`'s block replaced (or added at the end of the generated section,
which is itself added at the end of the document when missing). Nothing outside the block changes.
*/
export function writeBlock(document: string, machine: Machine, output: BenchOutput): string {
	const block = renderBlock(machine, output);
	const start = document.indexOf(blockStart(output.name));
	const end = document.indexOf(blockEnd(output.name));
	if (start !== -1 && end > start) {
		return document.slice(0, start) + block + document.slice(end + blockEnd(output.name).length);
	}

	const sectionEnd = document.indexOf(SECTION_END);
	if (document.includes(SECTION_START) && sectionEnd !== -1) {
		return `${document.slice(0, sectionEnd)}${block}\n\n${document.slice(sectionEnd)}`;
	}

	const separator = document === '' || document.endsWith('\n\n') ? '' : (document.endsWith('\n') ? '\n' : '\n\n');
	return `${document}${separator}${SECTION_HEADING}\n\n${SECTION_START}\n${SECTION_NOTE}\n\n${block}\n\n${SECTION_END}\n`;
}

function cpuModel(): string {
	try {
		const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
		if (match?.[1]) {
			return match[1].trim();
		}
	} catch {
		// Not Linux: os.cpus() below.
	}

	return os.cpus()[0]?.model ?? 'unknown CPU';
}

function commit(): string | undefined {
	try {
		const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim() !== '';
		return dirty ? `${hash} + uncommitted changes` : hash;
	} catch {
		return undefined;
	}
}

/** This machine, now. */
export function currentMachine(quick: boolean): Machine {
	const hash = commit();
	return {
		date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
		cpu: cpuModel(),
		cores: os.availableParallelism(),
		node: process.version,
		load: os.loadavg(),
		quick,
		...(hash === undefined ? {} : {commit: hash}),
	};
}
