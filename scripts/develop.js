#!/usr/bin/env node
/**
 * `npm run develop`: builds the plugin, then starts the playground Strapi app with it
 * at http://127.0.0.1:1337/admin (SQLite in playground/.tmp by default). On a database
 * without an admin user, the first one is created and its login printed (see
 * playground/src/seed-admin.ts).
 *
 *   --skip-build   reuse the plugin's existing dist/
 * It also starts the fake Ponto (tests/fakes/ponto-server.js) on 127.0.0.1:3901 (PONTO_FAKE_PORT),
 * which the playground's Ponto provider points at, so "Ponto" can be connected offline. The fake
 * keeps its tokens and its bank in playground/.tmp/ponto-fake-state.json (PONTO_FAKE_STATE), so a
 * Ponto connection made in the demo still works after a restart; its bank (PONTO_FAKE_SCENARIO,
 * JSON) defaults to two accounts with positive balances.
 *
 *   Environment: HOST, PORT, DATABASE_CLIENT=postgres|mysql (+ DATABASE_*),
 *                BANK_SYNC_ADMIN_EMAIL, BANK_SYNC_ADMIN_PASSWORD, BANK_SYNC_DEMO=false,
 *                PONTO_FAKE_PORT, PONTO_FAKE_STATE, PONTO_FAKE_SCENARIO
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

// The fake Ponto on loopback, so the demo can connect to "Ponto" offline.
const pontoPort = process.env.PONTO_FAKE_PORT || '3901';
const ponto = spawn(process.execPath, [path.join(root, 'tests', 'fakes', 'ponto-server.js')], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: {
    // Seed 2 of the fake's generator: both accounts stay in credit over their whole history.
    PONTO_FAKE_SCENARIO: JSON.stringify({ seed: 2 }),
    PONTO_FAKE_STATE: path.join(playground, '.tmp', 'ponto-fake-state.json'),
    ...process.env,
    PONTO_FAKE_PORT: pontoPort,
  },
});
ponto.on('exit', (code) => {
  if (code) console.error(`[bank-sync] the fake Ponto stopped (exit ${code}); is port ${pontoPort} free? (PONTO_FAKE_PORT)`);
});

const strapiBin = bin('@strapi/strapi', 'strapi');
console.log(`\n[bank-sync] starting the playground on http://${process.env.HOST || '127.0.0.1'}:${process.env.PORT || 1337}/admin ...`);
const child = spawn(process.execPath, [strapiBin, 'develop', '--no-install-deps'], {
  cwd: playground,
  stdio: 'inherit',
  env: { STRAPI_TELEMETRY_DISABLED: 'true', BROWSER: 'none', PONTO_URL: `http://127.0.0.1:${pontoPort}`, ...process.env },
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    ponto.kill(signal);
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  ponto.kill();
  process.exit(code ?? (signal ? 1 : 0));
});
