import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import ts from 'typescript';

/*
The scale bench measures camtop as it is installed: the compiled dist/ under plain node,
not the sources under tsx (tsx's loader thread and its transpile cache alone add ~50 MB
of RSS). dist/ is rebuilt (`tsc -p tsconfig.build.json`, as `npm run build` does) when a
source file is newer than it, and the bench's own case runner and camera server are
transpiled into node_modules/.cache/camtop-bench/<checkout>/ with their `../source/…` imports pointed
at dist/. Node resolves their packages (ink, sharp) from the project's node_modules above.
*/

const root = fileURLToPath(new URL('..', import.meta.url));
// One directory per checkout: a worktree for an A/B run may share this node_modules.
const cacheDirectory = path.join(root, 'node_modules', '.cache', 'camtop-bench', createHash('sha256').update(root).digest('hex').slice(0, 12));
/** The bench files the case process runs (each imports only these, packages and source/). */
const files = ['scale.ts', 'scale-harness.ts', 'scale-run.ts', 'scale-sim.ts', 'scale-feed.ts'];

function newestIn(directory: string): number {
	let newest = 0;
	for (const entry of readdirSync(directory, {withFileTypes: true})) {
		const full = path.join(directory, entry.name);
		newest = Math.max(newest, entry.isDirectory() ? newestIn(full) : statSync(full).mtimeMs);
	}

	return newest;
}

function builtAt(): number {
	try {
		return statSync(path.join(root, 'dist', 'monitor.js')).mtimeMs;
	} catch {
		return 0;
	}
}

/** Point `../source/x.js` imports at dist/x.js (absolute file URLs, so the output may live anywhere). */
export function pointAtDist(code: string, distUrl: string): string {
	return code.replaceAll(/(from\s+|import\s*\(\s*|import\s+)(['"])\.\.\/source\//g, `$1$2${distUrl}/`);
}

/**
The node flags a script starts node with: camtop's sh launcher line (`':' //; exec node --flag … "$0" "$@"`,
bin/camtop.js), or a `#!/usr/bin/env -S node --flag …` shebang; none for a plain `#!/usr/bin/env node`.
*/
export function shebangNodeFlags(text: string): string[] {
	const [first = '', second = ''] = text.split('\n', 2);
	const launcher = /^':' \/\/; exec node((?:\s+--\S+)*)\s+"\$0" "\$@"\s*$/.exec(second);
	const shebang = /^#!\/usr\/bin\/env\s+(?:-S\s+)?node((?:\s+\S+)*)\s*$/.exec(first);
	const flags = first.startsWith('#!/bin/sh') ? launcher?.[1] : shebang?.[1];
	return flags?.trim().split(/\s+/).filter(flag => flag !== '') ?? [];
}

/** The flags the installed bin runs node with (bin/camtop.js's launcher line), so the bench measures what users run. */
export function binNodeFlags(): string[] {
	return shebangNodeFlags(readFileSync(path.join(root, 'bin', 'camtop.js'), 'utf8'));
}

/** The same for `--tsx` runs of the sources, as `npm start` (a test keeps its flags the bin's). */
export function sourceNodeFlags(): string[] {
	return binNodeFlags();
}

/** Build dist/ if stale and transpile the bench's case runner; returns the runner's path. */
export function prepareDistBench(): string {
	if (builtAt() < newestIn(path.join(root, 'source'))) {
		console.log('scale: building dist/ (tsc -p tsconfig.build.json)');
		const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
		// Type errors do not stop tsc from emitting; the bench runs what it emitted.
		spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {stdio: 'ignore'});
	}

	mkdirSync(cacheDirectory, {recursive: true});
	const distUrl = pathToFileURL(path.join(root, 'dist')).href;
	for (const file of files) {
		const source = readFileSync(path.join(root, 'bench', file), 'utf8');
		const {outputText} = ts.transpileModule(source, {
			compilerOptions: {module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false},
			fileName: file,
		});
		writeFileSync(path.join(cacheDirectory, file.replace(/\.ts$/, '.js')), pointAtDist(outputText, distUrl));
	}

	return path.join(cacheDirectory, 'scale-run.js');
}
