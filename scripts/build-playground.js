#!/usr/bin/env node
/** Compiles the TypeScript playground into playground/dist (what tests and `strapi start` load). */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
fs.rmSync(path.join(root, 'playground', 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'playground', 'tsconfig.json')], {
  stdio: 'inherit',
});
