import { pluginRoot } from '../src/paths';

type Env = ((key: string, fallback?: string) => string) & { bool: (key: string, fallback?: boolean) => boolean };

/** The plugin is loaded from this repository (its built dist/), not from a copy. */
export default ({ env }: { env: Env }) => ({
  'bank-sync': {
    enabled: true,
    resolve: pluginRoot,
    config: {
      defaultTimeZone: env('BANK_SYNC_TIME_ZONE', 'Europe/Brussels'),
      scheduler: { enabled: env.bool('BANK_SYNC_SCHEDULER', true) },
    },
  },
});
