import {Box, Text} from 'ink';
import type {Rect} from '../render/types.js';
import {keyBindings} from './key-bindings.js';

const KEY_COLUMN = 16;

/** Lines of the help box, generated from the key table (so help can never drift from the keys). */
export function helpLines(): string[] {
	return keyBindings.map(binding => `${binding.label.padEnd(KEY_COLUMN)}${binding.description}`);
}

/** Size the help box needs: its lines plus border, padding and the title and footer rows. */
export function helpSize(): {width: number; height: number} {
	const lines = helpLines();
	const width = Math.max(...lines.map(line => line.length), 24) + 6;
	return {width, height: lines.length + 6};
}

type Props = {readonly rect: Rect};

/** The help box, drawn over the tiles; the compositor keeps video out of its rectangle. */
export function HelpOverlay({rect}: Props) {
	const inner = Math.max(0, rect.width - 4);
	return (
		<Box position="absolute" marginLeft={rect.x} marginTop={rect.y} width={rect.width} height={rect.height} flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1} backgroundColor="black">
			<Text bold color="cyan">{'camtop keys'.padEnd(inner)}</Text>
			<Text>{' '.repeat(inner)}</Text>
			{helpLines().map(line => <Text key={line}>{line.padEnd(inner)}</Text>)}
			<Text>{' '.repeat(inner)}</Text>
			<Text dimColor>{'? or Esc closes this'.padEnd(inner)}</Text>
		</Box>
	);
}
