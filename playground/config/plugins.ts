import path from 'node:path';
import { pluginRoot } from '../src/paths';

type Env = ((key: string, fallback?: string) => string) & { bool: (key: string, fallback?: boolean) => boolean };
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function merge(base: Json, extra: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = isObject(value) && isObject(out[key]) ? merge(out[key] as Json, value) : value;
  }
  return out;
}

/**
 * The plugin is loaded from this repository (its built dist/), not from a copy.
 * BANK_SYNC_CONFIG may hold JSON merged over this configuration (used by tests and demos).
 */
export default ({ env }: { env: Env }) => {
  const ponto = env('PONTO_URL', 'http://127.0.0.1:3901');
  const config: Json = {
    defaultTimeZone: env('BANK_SYNC_TIME_ZONE', 'Europe/Brussels'),
    scheduler: { enabled: env.bool('BANK_SYNC_SCHEDULER', true) },
    providers: {
      // The fake Ponto that `npm run develop` starts on loopback (tests/fakes/ponto-server.js).
      ponto: {
        apiUrl: `${ponto}/ponto-connect`,
        authorizationUrl: `${ponto}/oauth2/auth`,
        clientId: env('PONTO_CLIENT_ID', 'ponto-client-id'),
        clientSecret: env('PONTO_CLIENT_SECRET', 'ponto-client-secret'),
        synchronize: true,
        syncPollMs: 200,
      },
    },
  };
  // The other fakes that `npm run develop` starts (it sets their URLs): each provider points at its fake.
  const providers = config.providers as Json;
  const plaid = env('PLAID_URL', '');
  if (plaid) {
    providers.plaid = {
      apiUrl: plaid,
      clientId: env('PLAID_CLIENT_ID', 'plaid-client-id'),
      clientSecret: env('PLAID_SECRET', 'plaid-secret'),
      countryCodes: ['US', 'CA'],
    };
  }
  const yodlee = env('YODLEE_URL', '');
  if (yodlee) {
    providers.yodlee = {
      apiUrl: `${yodlee}/ysl`,
      fastlinkUrl: `${yodlee}/fastlink`,
      fastlinkParamsIn: 'query',
      clientId: env('YODLEE_CLIENT_ID', 'yodlee-client-id'),
      clientSecret: env('YODLEE_SECRET', 'yodlee-client-secret'),
      adminLoginName: 'yodlee-admin',
    };
  }
  const saltedge = env('SALTEDGE_URL', '');
  if (saltedge) {
    providers.saltedge = {
      apiUrl: `${saltedge}/api/v6`,
      clientId: env('SALTEDGE_APP_ID', 'saltedge-app-id'),
      clientSecret: env('SALTEDGE_SECRET', 'saltedge-secret'),
      includeFakeProviders: true,
    };
  }
  const extra = env('BANK_SYNC_CONFIG', '');
  // Tests and demos: e-mails (consent reminders) recorded in a file instead of sent.
  const mailFile = env('BANK_SYNC_TEST_MAIL_FILE', '');
  const email = mailFile
    ? {
        email: {
          config: {
            provider: path.join(pluginRoot, 'tests', 'fakes', 'recording-email-provider.js'),
            providerOptions: { file: mailFile },
            settings: { defaultFrom: 'bank-sync@example.com' },
          },
        },
      }
    : {};
  return {
    ...email,
    'bank-sync': {
      enabled: true,
      resolve: pluginRoot,
      config: extra ? merge(config, JSON.parse(extra) as Json) : config,
    },
  };
};
