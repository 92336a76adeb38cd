import {fileURLToPath} from 'node:url';

/** camtop's entry point, run from source. */
export const CLI = fileURLToPath(new URL('../../source/cli.tsx', import.meta.url));
/** tsx's loader, for `node --import` (resolved here, so it works from any working directory). */
export const TSX = import.meta.resolve('tsx');
/** The project's tsconfig, for tsx wherever the child runs (TSX_TSCONFIG_PATH). */
export const TSCONFIG = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));

/** What a tmux test gives camtop: a 256-colour xterm that takes truecolor, and tsx the project's tsconfig. */
export const TMUX_ENV: Readonly<Record<string, string>> = {TERM: 'xterm-256color', COLORTERM: 'truecolor', TSX_TSCONFIG_PATH: TSCONFIG};
