import {keyBindings} from './key-bindings.js';

/** The readme's key table, generated from the key bindings (a test keeps the readme in step). */
export function keyTableMarkdown(): string {
	const rows = keyBindings.map(binding => {
		const keys = binding.label.split(' ').map(key => `\`${key}\``).join(' ');
		return `| ${keys} | ${binding.description} |`;
	});
	return ['| Key | Action |', '| --- | --- |', ...rows, '| `Esc` | close help |'].join('\n');
}
