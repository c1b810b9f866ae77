#!/usr/bin/env node
/**
 * Proves the published package works outside this repository: packs the plugin with
 * `npm pack`, installs the tarball into a fresh minimal Strapi 5 app in a temporary
 * folder, builds that app's admin and starts it, then checks that the plugin loaded,
 * that its admin is in the admin bundle, and that the package brought no copy of
 * @strapi/*, React or styled-components of its own.
 *
 *   node scripts/pack-check.js [--keep]
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const keep = process.argv.includes('--keep');
const rootPkg = require(path.join(root, 'package.json'));
const dev = rootPkg.devDependencies;

function sh(command, args, cwd, extraEnv = {}) {
  console.log(`[pack-check] ${path.basename(cwd)}$ ${command} ${args.join(' ')}`);
  return execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...extraEnv } }).toString();
}

function fail(message) {
  console.error(`[pack-check] FAILED: ${message}`);
  process.exit(1);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bank-sync-pack-'));
const app = path.join(work, 'app');
try {
  // 1. The tarball, exactly as npm would publish it.
  const packed = JSON.parse(sh('npm', ['pack', '--json', '--pack-destination', work], root));
  const tarball = path.join(work, packed[0].filename);
  const files = packed[0].files.map((f) => f.path);
  for (const required of [
    'dist/server/index.js',
    'dist/server/index.mjs',
    'dist/admin/index.js',
    'dist/admin/index.mjs',
    'package.json',
    'README.md',
  ]) {
    if (!files.includes(required)) fail(`the package lacks ${required}`);
  }
  if (files.some((f) => /^(tests|playground|server\/src|admin\/src)\//.test(f))) fail('the package ships sources or tests');

  // 2. A fresh minimal Strapi 5 app (JavaScript, SQLite) that depends on the tarball.
  const write = (file, text) => {
    fs.mkdirSync(path.dirname(path.join(app, file)), { recursive: true });
    fs.writeFileSync(path.join(app, file), text);
  };
  write(
    'package.json',
    JSON.stringify(
      {
        name: 'bank-sync-pack-check-app',
        private: true,
        version: '0.0.0',
        dependencies: {
          '@strapi/strapi': dev['@strapi/strapi'],
          'better-sqlite3': dev['better-sqlite3'],
          react: dev.react,
          'react-dom': dev['react-dom'],
          'react-router-dom': dev['react-router-dom'],
          'styled-components': dev['styled-components'],
          'strapi-plugin-bank-sync': `file:${tarball}`,
        },
        strapi: { uuid: false, telemetryDisabled: true },
      },
      null,
      2,
    ),
  );
  write(
    'config/database.js',
    `const path = require('path');\nmodule.exports = () => ({ connection: { client: 'sqlite', connection: { filename: path.join(__dirname, '..', '.tmp', 'data.db') }, useNullAsDefault: true } });\n`,
  );
  write('config/server.js', `module.exports = ({ env }) => ({ host: '127.0.0.1', port: 1338, app: { keys: ['a', 'b'] } });\n`);
  write(
    'config/admin.js',
    `module.exports = () => ({ auth: { secret: 'pack-check-jwt' }, apiToken: { salt: 'salt1' }, transfer: { token: { salt: 'salt2' } }, secrets: { encryptionKey: 'pack-check-encryption-key-0123' } });\n`,
  );
  write(
    'config/plugins.js',
    `module.exports = () => ({ 'bank-sync': { enabled: true, config: { defaultTimeZone: 'Europe/Brussels' } } });\n`,
  );
  write(
    'config/middlewares.js',
    `module.exports = ['strapi::logger','strapi::errors','strapi::security','strapi::cors','strapi::poweredBy','strapi::query','strapi::body','strapi::session','strapi::favicon','strapi::public'];\n`,
  );
  write('src/index.js', 'module.exports = { register() {}, bootstrap() {} };\n');
  write('public/robots.txt', '');
  write('public/uploads/.gitkeep', '');

  sh('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], app);

  // 3. No bundled or nested copies of what must be shared with the host app.
  const nested = path.join(app, 'node_modules', 'strapi-plugin-bank-sync', 'node_modules');
  for (const shared of ['@strapi', 'react', 'react-dom', 'react-router-dom', 'styled-components']) {
    if (fs.existsSync(path.join(nested, shared))) fail(`the plugin installed its own copy of ${shared}`);
  }
  const adminDist = path.join(app, 'node_modules', 'strapi-plugin-bank-sync', 'dist', 'admin');
  for (const file of fs.readdirSync(adminDist).filter((f) => /\.m?js$/.test(f))) {
    const text = fs.readFileSync(path.join(adminDist, file), 'utf8');
    if (/react\.production|__SECRET_INTERNALS|styled-components: /.test(text))
      fail(`dist/admin/${file} bundles React or styled-components`);
  }

  // 4. The app's admin builds with the plugin in it.
  sh('npx', ['strapi', 'build'], app, { NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' });
  const built = [path.join(app, 'dist', 'build'), path.join(app, 'build')].find((dir) => fs.existsSync(dir));
  if (!built) fail('strapi build wrote no admin build');
  const bundle = fs
    .readdirSync(built, { recursive: true })
    .filter((f) => String(f).endsWith('.js'))
    .map((f) => fs.readFileSync(path.join(built, String(f)), 'utf8'))
    .join('\n');
  if (!bundle.includes('bank-sync')) fail('the built admin does not contain the plugin');

  // 5. The app starts with the plugin loaded, its content types and its routes.
  const probe = `
    const { createStrapi } = require('@strapi/strapi');
    (async () => {
      const strapi = await createStrapi({ appDir: process.cwd(), distDir: process.cwd() }).load();
      const plugin = strapi.plugin('bank-sync');
      const types = Object.keys(plugin.contentTypes).sort();
      const routes = plugin.routes.admin.routes.length;
      const tables = await Promise.all(['bks_journals', 'bks_statement_lines'].map((t) => strapi.db.connection.schema.hasTable(t)));
      console.log('PACKCHECK ' + JSON.stringify({ types, routes, tables }));
      await strapi.destroy();
      process.exit(0);
    })().catch((e) => { console.error(e); process.exit(1); });`;
  const out = sh(process.execPath, ['-e', probe], app, { NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' });
  const line = out.split('\n').find((l) => l.startsWith('PACKCHECK '));
  if (!line) fail(`the app did not start with the plugin:\n${out}`);
  const result = JSON.parse(line.slice('PACKCHECK '.length));
  // Every content type the built plugin declares (read from this repository's dist/).
  const declared = require(path.join(root, 'dist', 'server', 'index.js'));
  const expected = Object.keys((declared.default ?? declared).contentTypes).sort();
  for (const core of ['journal', 'online-connection', 'online-account', 'bank-statement', 'bank-statement-line', 'sync-run']) {
    if (!expected.includes(core)) fail(`the built plugin declares no ${core} content type`);
  }
  if (JSON.stringify(result.types) !== JSON.stringify(expected)) fail(`content types ${result.types}`);
  if (!(result.routes > 0)) fail('no admin routes');
  if (!result.tables.every(Boolean)) fail('tables missing');
  console.log(`[pack-check] OK: ${packed[0].filename} (${files.length} files) installs, builds and starts in a fresh Strapi 5 app`);
} finally {
  if (keep) console.log(`[pack-check] kept ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
