/*
tmux passthrough (tmux ≥ 3.3 with `allow-passthrough on`): `ESC P tmux ; <sequence with
every ESC doubled> ESC \` is handed to the outer terminal as is. Only the image's control
strings (DCS, APC, OSC) are wrapped; cursor moves stay plain CSI, so tmux moves its own
cursor (and the outer one) to the tile first.
*/

// eslint-disable-next-line no-control-regex -- splitting control strings out is the point
const CONTROL_STRING = /\u001B[P_\]][^\u0007\u001B]*(?:\u001B(?!\\)[^\u0007\u001B]*)*(?:\u0007|\u001B\\)/g;

export function wrapForTmux(sequence: string): string {
	return sequence.replace(CONTROL_STRING, part => '\u001BPtmux;' + part.replaceAll('\u001B', '\u001B\u001B') + '\u001B\\');
}
