import fs from 'node:fs';
import path from 'node:path';

export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

export const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');

export function databaseClient(): DatabaseClient {
  const client = process.env.DATABASE_CLIENT ?? 'sqlite';
  if (client !== 'sqlite' && client !== 'postgres' && client !== 'mysql') {
    throw new Error(`DATABASE_CLIENT must be sqlite, postgres or mysql, not ${client}`);
  }
  return client;
}

/**
 * Creates an empty database for one test file and returns the env that points the
 * playground at it: a new SQLite file, or a dropped-and-recreated database on the
 * local PostgreSQL / MariaDB server.
 */
export async function freshDatabase(name: string): Promise<Record<string, string>> {
  const client = databaseClient();
  if (client === 'sqlite') {
    const file = path.join(PLAYGROUND, '.tmp', `${name}.db`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
    return { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file };
  }
  if (client === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports
    const { Client } = require('pg') as typeof import('pg');
    const admin = new Client({
      host: process.env.DATABASE_HOST ?? '127.0.0.1',
      port: Number(process.env.DATABASE_PORT ?? 5432),
      user: process.env.DATABASE_USERNAME ?? 'postgres',
      password: process.env.DATABASE_PASSWORD ?? '',
      database: 'postgres',
    });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    return { DATABASE_CLIENT: 'postgres', DATABASE_NAME: name };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports, @typescript-eslint/consistent-type-imports
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  const connection = await mysql.createConnection({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 3306),
    user: process.env.DATABASE_USERNAME ?? 'root',
    password: process.env.DATABASE_PASSWORD ?? '',
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await connection.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await connection.end();
  }
  return { DATABASE_CLIENT: 'mysql', DATABASE_NAME: name };
}

export function removeSqliteFile(env: Record<string, string>): void {
  if (env.DATABASE_CLIENT !== 'sqlite' || !env.DATABASE_FILENAME) return;
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(env.DATABASE_FILENAME + suffix, { force: true });
}
