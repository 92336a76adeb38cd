#!/bin/sh
':' //; exec node --max-semi-space-size=1 --max-old-space-size=512 "$0" "$@"

// The installed `camtop` command. Line 2 is sh and JavaScript at once: sh runs `:` and then
// execs node on this file with camtop's memory flags; node reads a string and a comment.
// (`#!/usr/bin/env -S node …` would say the same, but BusyBox's env, as on Alpine, has no -S.)
// A 1 MB semi-space with an old-space limit makes V8 free each frame's buffers soon after it is
// drawn: 16 cameras take ~115 MB of RSS instead of 150-170 (docs/benchmarks.md, "Session 3:
// node's memory flags by default"). `node dist/cli.js` runs camtop without them; `npm start`
// passes the same flags (a test keeps the two the same).
import '../dist/cli.js';
