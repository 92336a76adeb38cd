// Prints the readme's key table from the key bindings: npx tsx scripts/key-table.ts
import {keyTableMarkdown} from '../source/ui/key-table.js';

console.log(keyTableMarkdown());
