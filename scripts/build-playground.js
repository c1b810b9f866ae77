#!/usr/bin/env node
/**
 * Builds the playground the way `strapi build` does for any app: compiles its TypeScript
 * into playground/dist and builds its admin (with the plugin's built admin in it) into
 * playground/dist/build. Tests load the app from dist; the browser tests use the admin build.
 * Run after `npm run build` (the plugin's dist/ must exist).
 */
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { bin, root } = require('./bin');

execFileSync(process.execPath, [bin('@strapi/strapi', 'strapi'), 'build'], {
  cwd: path.join(root, 'playground'),
  stdio: 'inherit',
  env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
});
