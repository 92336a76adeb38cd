import process from 'node:process';

/*
Imported first by the entry points (cli.tsx, bench/index.ts), before React loads: React
and its reconciler pick their development or production build from NODE_ENV when first
evaluated, and the development build (checks, component stacks, User Timing marks)
made the chrome's re-render several times slower in the 16-camera profile (docs/benchmarks.md,
"Scale"). An explicit NODE_ENV (e.g. development for debugging) is kept.
*/
process.env['NODE_ENV'] ??= 'production';
