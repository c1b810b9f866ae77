#!/usr/bin/env node
/**
 * `npm run develop`: builds the plugin, then starts the playground Strapi app with it
 * at http://127.0.0.1:1337/admin (SQLite in playground/.tmp by default). The first
 * admin user is created on start and its login printed (see playground/src/seed-admin.ts).
 *
 *   --skip-build   reuse the plugin's existing dist/
 *   Environment: HOST, PORT, DATABASE_CLIENT=postgres|mysql (+ DATABASE_*),
 *                BANK_SYNC_ADMIN_EMAIL, BANK_SYNC_ADMIN_PASSWORD
 */
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const { ensureEnv } = require('./ensure-env');
const { bin, root } = require('./bin');

const playground = path.join(root, 'playground');
const args = new Set(process.argv.slice(2));

function run(label, command, commandArgs, options = {}) {
  console.log(`\n[bank-sync] ${label}`);
  const result = spawnSync(command, commandArgs, { stdio: 'inherit', cwd: root, ...options });
  if (result.status !== 0) {
    console.error(`[bank-sync] ${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

const envFile = ensureEnv(playground);
console.log(`[bank-sync] playground secrets in ${path.relative(root, envFile)}`);

if (!args.has('--skip-build')) {
  run('building the plugin (strapi-plugin build)', process.execPath, [bin('@strapi/sdk-plugin', 'strapi-plugin'), 'build']);
}

const strapiBin = bin('@strapi/strapi', 'strapi');
console.log('\n[bank-sync] starting the playground on http://127.0.0.1:1337/admin ...');
const child = spawn(process.execPath, [strapiBin, 'develop', '--no-install-deps'], {
  cwd: playground,
  stdio: 'inherit',
  env: { STRAPI_TELEMETRY_DISABLED: 'true', BROWSER: 'none', ...process.env },
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
