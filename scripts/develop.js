#!/usr/bin/env node
/**
 * `npm run develop`: builds the plugin, then starts the playground Strapi app with it
 * at http://127.0.0.1:1337/admin (SQLite in playground/.tmp by default). On a database
 * without an admin user, the first one is created and its login printed (see
 * playground/src/seed-admin.ts).
 *
 *   --skip-build   reuse the plugin's existing dist/
 * It also starts the fake providers (tests/fakes/<id>-server.js) on 127.0.0.1: Ponto 3901, Plaid
 * 3902, Salt Edge 3903, Yodlee 3904 (<ID>_FAKE_PORT), which the playground's providers point at,
 * so each can be connected offline. Each fake keeps its tokens and its bank in
 * playground/.tmp/<id>-fake-state.json (<ID>_FAKE_STATE), so a connection made in the demo still
 * works after a restart; the fake Ponto's and Salt Edge's banks (PONTO_FAKE_SCENARIO,
 * SALTEDGE_FAKE_SCENARIO, JSON) default to two accounts that stay in credit.
 *
 *   Environment: HOST, PORT, DATABASE_CLIENT=postgres|mysql (+ DATABASE_*),
 *                BANK_SYNC_ADMIN_EMAIL, BANK_SYNC_ADMIN_PASSWORD, BANK_SYNC_DEMO=false,
 *                <ID>_FAKE_PORT, <ID>_FAKE_STATE, <ID>_FAKE_SCENARIO (ID: PONTO, PLAID, SALTEDGE, YODLEE)
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
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

// The fake providers on loopback, so the demo connects every provider offline. Each keeps its
// tokens and its bank in playground/.tmp/<id>-fake-state.json, so a connection made in the demo
// still synchronizes after a restart. A fake whose script is not there is skipped.
const FAKES = [
  // Seed 2 of the fake Ponto's generator: both accounts stay in credit over their whole history.
  { id: 'ponto', name: 'Ponto', env: 'PONTO', port: 3901, extra: { PONTO_FAKE_SCENARIO: JSON.stringify({ seed: 2 }) } },
  { id: 'plaid', name: 'Plaid', env: 'PLAID', port: 3902 },
  // Seed 21 of the fake Salt Edge's generator: both accounts stay in credit too (seed 1 ends about €57,000 and €19,000 overdrawn).
  { id: 'saltedge', name: 'Salt Edge', env: 'SALTEDGE', port: 3903, extra: { SALTEDGE_FAKE_SCENARIO: JSON.stringify({ seed: 21 }) } },
  { id: 'yodlee', name: 'Yodlee', env: 'YODLEE', port: 3904 },
];
const fakes = [];
const fakeUrls = {};
for (const fake of FAKES) {
  const script = path.join(root, 'tests', 'fakes', `${fake.id}-server.js`);
  if (!fs.existsSync(script)) continue;
  const port = process.env[`${fake.env}_FAKE_PORT`] || String(fake.port);
  const child = spawn(process.execPath, [script], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...fake.extra,
      [`${fake.env}_FAKE_STATE`]: path.join(playground, '.tmp', `${fake.id}-fake-state.json`),
      ...process.env,
      [`${fake.env}_FAKE_PORT`]: port,
    },
  });
  child.on('exit', (code) => {
    if (code) console.error(`[bank-sync] the fake ${fake.name} stopped (exit ${code}); is port ${port} free? (${fake.env}_FAKE_PORT)`);
  });
  fakes.push(child);
  // The playground's configuration (playground/config/plugins.ts) points the provider at it.
  fakeUrls[`${fake.env}_URL`] = `http://127.0.0.1:${port}`;
}

const strapiBin = bin('@strapi/strapi', 'strapi');
console.log(`\n[bank-sync] starting the playground on http://${process.env.HOST || '127.0.0.1'}:${process.env.PORT || 1337}/admin ...`);
const child = spawn(process.execPath, [strapiBin, 'develop', '--no-install-deps'], {
  cwd: playground,
  stdio: 'inherit',
  env: { STRAPI_TELEMETRY_DISABLED: 'true', BROWSER: 'none', BANK_SYNC_DEMO_FAKES: 'true', ...fakeUrls, ...process.env },
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const fake of fakes) fake.kill(signal);
    child.kill(signal);
  });
}
child.on('exit', (code, signal) => {
  for (const fake of fakes) fake.kill();
  process.exit(code ?? (signal ? 1 : 0));
});
