import path from 'node:path';
import { playgroundRoot } from '../src/paths';

type Env = ((key: string, fallback?: string) => string) & {
  int: (key: string, fallback?: number) => number;
  bool: (key: string, fallback?: boolean) => boolean;
};

/** SQLite by default; DATABASE_CLIENT=postgres|mysql uses the local servers on 127.0.0.1. */
export default ({ env }: { env: Env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  const pool = { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) };

  if (client === 'sqlite') {
    return {
      connection: {
        client: 'sqlite',
        connection: { filename: path.resolve(playgroundRoot, env('DATABASE_FILENAME', '.tmp/data.db')) },
        useNullAsDefault: true,
        pool: {
          // WAL lets readers go on while an import writes; a 64 MB page cache keeps the
          // statement-line indexes in memory during large imports (DATABASE_SQLITE_CACHE_MB).
          afterCreate: (conn: { pragma(sql: string): unknown }, done: (error: Error | null, conn: unknown) => void) => {
            conn.pragma('journal_mode = WAL');
            conn.pragma(`cache_size = -${env.int('DATABASE_SQLITE_CACHE_MB', 64) * 1024}`);
            done(null, conn);
          },
        },
      },
    };
  }
  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'bank_sync'),
          user: env('DATABASE_USERNAME', 'postgres'),
          password: env('DATABASE_PASSWORD', ''),
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool,
      },
    };
  }
  if (client === 'mysql') {
    return {
      connection: {
        client: 'mysql',
        connection: {
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 3306),
          database: env('DATABASE_NAME', 'bank_sync'),
          user: env('DATABASE_USERNAME', 'root'),
          password: env('DATABASE_PASSWORD', ''),
        },
        pool,
      },
    };
  }
  throw new Error(`DATABASE_CLIENT must be sqlite, postgres or mysql (got "${client}")`);
};
