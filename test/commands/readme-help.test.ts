import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {probeHelp} from '../../source/commands/probe-command.js';
import {recordHelp} from '../../source/commands/record-command.js';
import {snapshotHelp} from '../../source/commands/snapshot-command.js';
import {PROBE_SCHEMA_VERSION} from '../../source/commands/probe-report.js';

test('readme.md carries each command\'s help text as the command prints it, and the JSON schema version', async () => {
	const readme = await readFile('readme.md', 'utf8');
	for (const [name, help] of [['probe', probeHelp], ['snapshot', snapshotHelp], ['record', recordHelp]] as const) {
		assert.ok(readme.includes(`$ camtop ${name} --help\n${help}`), `readme.md is out of date for camtop ${name} --help; it must show:\n${help}`);
	}

	assert.ok(readme.includes(`"version": ${PROBE_SCHEMA_VERSION},`));
});
