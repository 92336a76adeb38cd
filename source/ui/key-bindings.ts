import type {Key} from 'ink';
import type {UiAction} from './ui-reducer.js';

/**
One keyboard shortcut. The help overlay and the readme's key table are generated from
this table, so a key that is not here does not exist.
*/
export type KeyBinding = {
	/** How the key is written in help and docs. */
	readonly label: string;
	readonly description: string;
	readonly match: (input: string, key: Key) => boolean;
	readonly action: (input: string) => UiAction;
};

const digit = /^[1-9]$/;

export const keyBindings: readonly KeyBinding[] = [
	{
		label: '1–9',
		description: 'focus camera N',
		match: input => digit.test(input),
		action: input => ({type: 'focus-camera', index: Number(input) - 1}),
	},
	{
		label: 'Tab → l',
		description: 'next camera',
		match: (input, key) => (key.tab && !key.shift) || key.rightArrow || input === 'l',
		action: () => ({type: 'next'}),
	},
	{
		label: 'Shift-Tab ← h',
		description: 'previous camera',
		match: (input, key) => (key.tab && key.shift) || key.leftArrow || input === 'h',
		action: () => ({type: 'previous'}),
	},
	{
		label: 'g',
		description: 'grid of all cameras',
		match: input => input === 'g',
		action: () => ({type: 'grid'}),
	},
	{
		label: 'f Enter',
		description: 'focus the selected camera',
		match: (input, key) => input === 'f' || key.return,
		action: () => ({type: 'focus'}),
	},
	{
		label: 'r',
		description: 'reconnect the selected camera now',
		match: input => input === 'r',
		action: () => ({type: 'reconnect'}),
	},
	{
		label: 's',
		description: 'stats panel on/off (focus view)',
		match: (input, key) => input === 's' && !key.ctrl,
		action: () => ({type: 'toggle-stats'}),
	},
	{
		label: 'c',
		description: 'save the selected camera\'s current frame as JPEG',
		// Not with Ctrl: Ctrl-C quits.
		match: (input, key) => input === 'c' && !key.ctrl,
		action: () => ({type: 'capture', kind: 'save-frame'}),
	},
	{
		label: 'R',
		description: 'record / stop recording the selected camera (.mjpg)',
		match: (input, key) => input === 'R' && !key.ctrl,
		action: () => ({type: 'capture', kind: 'toggle-record'}),
	},
	{
		label: 'm',
		description: 'next render mode (shown in the status line)',
		match: input => input === 'm',
		action: () => ({type: 'render', change: 'cycle-mode'}),
	},
	{
		label: '+ -',
		description: 'raise / lower the fps cap',
		match: input => input === '+' || input === '=' || input === '-',
		action: input => ({type: 'render', change: input === '-' ? 'slower' : 'faster'}),
	},
	{
		label: '?',
		description: 'help on/off',
		match: input => input === '?',
		action: () => ({type: 'toggle-help'}),
	},
	{
		label: 'q Ctrl-C',
		description: 'quit (terminal restored)',
		match: (input, key) => input === 'q' || (key.ctrl && input === 'c'),
		action: () => ({type: 'quit'}),
	},
];

/** The action for a key press, or undefined when no binding matches. */
export function actionForKey(input: string, key: Key): UiAction | undefined {
	for (const binding of keyBindings) {
		if (binding.match(input, key)) {
			return binding.action(input);
		}
	}

	if (key.escape) {
		return {type: 'close-help'};
	}

	return undefined;
}

/**
The actions for one read from the keyboard. Keys typed quickly (or a paste, or a slow SSH
link) can arrive in one read, which Ink hands over as one multi-character input: each
character is then a key press of its own, in order.
*/
export function actionsForInput(input: string, key: Key): UiAction[] {
	const characters = [...input];
	if (characters.length <= 1 || key.ctrl || key.meta) {
		const action = actionForKey(input, key);
		return action ? [action] : [];
	}

	const actions: UiAction[] = [];
	for (const character of characters) {
		const action = actionForKey(character, {...key, shift: character !== character.toLowerCase()});
		if (action) {
			actions.push(action);
		}
	}

	return actions;
}
