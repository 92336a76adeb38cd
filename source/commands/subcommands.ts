import {runProbe} from './probe-command.js';
import {runRecord} from './record-command.js';
import {runSnapshot} from './snapshot-command.js';

const commands: Readonly<Record<string, (argv: readonly string[]) => Promise<number>>> = {
	probe: runProbe,
	snapshot: runSnapshot,
	record: runRecord,
};

/** The names `camtop <command>` knows; anything else is the monitor. */
export const subcommandNames = Object.keys(commands);

/**
Run `camtop probe|snapshot|record …` when argv starts with one of those words, and return
its exit status; undefined when argv is for the monitor. A camera URL always has a scheme,
so it cannot be mistaken for a command.
*/
export async function runSubcommand(argv: readonly string[]): Promise<number | undefined> {
	const [name, ...rest] = argv;
	const command = name !== undefined && Object.hasOwn(commands, name) ? commands[name] : undefined;
	return command ? command(rest) : undefined;
}
