import path from 'node:path';
import { createStrapi, type Core } from '@strapi/strapi';
import request from 'supertest';
import { freshDatabase, PLAYGROUND, removeSqliteFile } from './database';

/** The admin the playground seeds (playground/src/seed-admin.ts). */
export const ADMIN = { email: 'admin@example.com', password: 'BankSync2026!' };

const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  APP_KEYS: 'testKeyA,testKeyB',
  API_TOKEN_SALT: 'test-api-token-salt',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  JWT_SECRET: 'test-jwt-secret',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef',
  SERVE_ADMIN_PANEL: 'false',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  STRAPI_TELEMETRY_DISABLED: 'true',
  BANK_SYNC_SCHEDULER: 'false',
  BANK_SYNC_ADMIN_EMAIL: ADMIN.email,
  BANK_SYNC_ADMIN_PASSWORD: ADMIN.password,
  // The browser suites log in more than Strapi's 5 logins per 5 minutes allow.
  ADMIN_LOGIN_RATE_LIMIT: 'false',
};

export interface TestApp {
  strapi: Core.Strapi;
  env: Record<string, string>;
  /** supertest against the real HTTP server. */
  http(): ReturnType<typeof request>;
  /** A bearer token of the seeded super admin. */
  adminToken(): Promise<string>;
  /** Destroys Strapi; the database is removed unless `keepDatabase` (for a restart on it). */
  stop(options?: { keepDatabase?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Database name for this file (default: derived from the test file). */
  database?: string;
  /** Reuse the database as it is instead of recreating it (a second instance). */
  keepDatabase?: boolean;
  /** Extra environment for this instance (undefined deletes a variable). */
  env?: Record<string, string | undefined>;
}

function applyEnv(env: Record<string, string | undefined>): void {
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

let counter = 0;

export function defaultDatabaseName(): string {
  const file = path.basename(expect.getState().testPath ?? `db${counter}`, '.test.ts');
  // BANK_SYNC_TEST_DB_PREFIX keeps two checkouts testing on one database server apart.
  const prefix = process.env.BANK_SYNC_TEST_DB_PREFIX ?? '';
  return `bks_${prefix}${file}`
    .replace(/[^a-z0-9]+/gi, '_')
    .toLowerCase()
    .slice(0, 60);
}

export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  counter += 1;
  const name = options.database ?? defaultDatabaseName();
  const dbEnv = options.keepDatabase ? currentDbEnv(name) : await freshDatabase(name);
  applyEnv({ ...TEST_ENV, ...dbEnv, ...options.env });

  const strapi = createStrapi({ appDir: PLAYGROUND, distDir: path.join(PLAYGROUND, 'dist') });
  await strapi.load();
  await strapi.server.mount();

  let token: string | undefined;
  const app: TestApp = {
    strapi,
    env: dbEnv,
    http: () => request(strapi.server.httpServer),
    async adminToken() {
      if (token) return token;
      const res = await request(strapi.server.httpServer).post('/admin/login').send(ADMIN);
      if (res.status !== 200) throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
      token = res.body.data.token as string;
      return token;
    },
    async stop(stopOptions = {}) {
      await strapi.destroy();
      if (!options.keepDatabase && !stopOptions.keepDatabase) removeSqliteFile(dbEnv);
    },
  };
  return app;
}

function currentDbEnv(name: string): Record<string, string> {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  if (client === 'sqlite') return { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(PLAYGROUND, '.tmp', `${name}.db`) };
  return { DATABASE_CLIENT: client, DATABASE_NAME: name };
}
