import {readFile} from 'node:fs/promises';
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {keyTableMarkdown} from '../../source/ui/key-table.js';
import {keyBindings} from '../../source/ui/key-bindings.js';

test('readme.md carries the key table generated from the key bindings', async () => {
	const readme = await readFile('readme.md', 'utf8');
	const table = keyTableMarkdown();
	assert.ok(readme.includes(table), `readme.md is out of date; its key table must be:\n${table}\n(print it with: npx tsx scripts/key-table.ts)`);
	assert.equal(table.split('\n').length, keyBindings.length + 3);
});
