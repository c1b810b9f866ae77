import { z } from 'zod';
import { parseExpression } from 'cron-parser';
import { timeZone } from '../../../shared/contracts/journals';

/**
 * The plugin configuration (`config/plugins.ts` -> `'bank-sync': { config: {...} }`).
 * One schema gives the defaults, the validator and the `PluginConfig` type.
 */
/** A cron rule as node-schedule reads it (it parses cron rules with cron-parser). */
const cronRule = z
  .string()
  .min(1)
  .refine(
    (rule) => {
      try {
        parseExpression(rule);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'must be a cron rule such as "*/1 * * * *" (every minute)' },
  );

const schedulerSchema = z
  .object({
    /** Run scheduled fetches on this instance (turn off on web-only instances). */
    enabled: z.boolean().default(true),
    /** Cron rule of the tick that looks for due connections (node-schedule syntax). */
    tickRule: cronRule.default('*/1 * * * *'),
    /** Connections synchronized at the same time by one instance. */
    concurrency: z.number().int().min(1).max(64).default(4),
    /**
     * How long a claimed connection stays leased to one instance without renewal. A run renews
     * it every third of this while its instance lives; after a crash it frees itself this long
     * after the last renewal.
     */
    leaseSeconds: z.number().int().min(30).max(86_400).default(90),
  })
  .strict()
  .default({});

const syncSchema = z
  .object({
    /** Default synchronization frequency of a new connection. */
    frequencyMinutes: z.number().int().min(5).max(43_200).default(720),
    /** How far back the first run of an account reads. */
    firstFetchDays: z.number().int().min(1).max(3_650).default(90),
    /** Every run re-reads this many days before its cursor to catch late postings. */
    overlapDays: z.number().int().min(0).max(90).default(10),
    /** Lines written per database batch. */
    batchSize: z.number().int().min(1).max(5_000).default(500),
    /**
     * A provider's short "slow down" (429 with Retry-After) is waited out within the run when
     * it is at most this long; a longer one ends the run and the connection waits until then.
     */
    maxRetryWaitSeconds: z.number().int().min(0).max(600).default(30),
    /** Warn this many days before a consent ends. */
    consentWarningDays: z.number().int().min(1).max(90).default(15),
    /** After each run, a bank balance that differs from the statements' closing balance warns ('warn') or fails the run ('fail'). */
    balanceDrift: z.enum(['warn', 'fail']).default('warn'),
    /** Warn when a connected account had no successful run, or no new transaction, for this many business days (Monday–Friday). */
    staleBusinessDays: z.number().int().min(1).max(60).default(5),
  })
  .strict()
  .default({});

/** Consent reminders: e-mails (through Strapi's email plugin) before a connection's consent ends. */
const remindersSchema = z
  .object({
    /** Who receives the reminders; none: only the `bank-sync.consent.expiring` event. */
    emails: z.array(z.string().trim().email('must be an e-mail address')).max(50).default([]),
    /** Days before the consent end at which a reminder goes out (each once per consent end). */
    days: z
      .array(z.number().int().min(1).max(90))
      .min(1)
      .max(10)
      .refine((days) => new Set(days).size === days.length, { message: 'must not repeat a day' })
      .default([15, 3, 1]),
    /** Sender address; default: the email plugin's `settings.defaultFrom`. */
    from: z.string().trim().min(3).max(255).optional(),
  })
  .strict()
  .default({});

export const configSchema = z
  .object({
    /**
     * Key that encrypts provider credentials at rest (AES-256-GCM). Falls back to the
     * admin's `secrets.encryptionKey`; with neither, storing credentials is refused.
     */
    encryptionKey: z.string().min(16, 'must be at least 16 characters').optional(),
    /**
     * Keys used before `encryptionKey` (key rotation): credentials sealed with one of them are
     * still read, and re-encrypted with the current key at the next start. Remove them once
     * the log says so.
     */
    previousEncryptionKeys: z.array(z.string().min(16, 'must be at least 16 characters')).max(8).default([]),
    /** Shows the Online Synchronization pages (technical) in the admin; admins can change it in Settings. */
    developerMode: z.boolean().default(false),
    /** Time zone of new journals; statements are cut at midnight in the journal's zone. */
    defaultTimeZone: timeZone.default('UTC'),
    scheduler: schedulerSchema,
    sync: syncSchema,
    /** Per-provider settings, keyed by provider id; each provider validates its own part. */
    providers: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
    connect: z
      .object({
        /**
         * Where providers send the admin back after consent (must be registered at the
         * provider). Default: <admin URL>/plugins/bank-sync/connect/callback.
         */
        redirectUri: z.string().url().optional(),
        /** Minutes a Connect link stays valid. */
        stateMinutes: z.number().int().min(1).max(60).default(10),
      })
      .strict()
      .default({}),
    webhooks: z
      .object({ enabled: z.boolean().default(false) })
      .strict()
      .default({}),
    reminders: remindersSchema,
  })
  .strict();

export type PluginConfig = z.infer<typeof configSchema>;

/** Explains the first problems of a bad configuration, naming each key. */
export function describeConfigError(error: z.ZodError): string {
  const problems = error.issues.map((issue) => {
    const key = ['bank-sync', ...issue.path].join('.');
    if (issue.code === 'unrecognized_keys') {
      return `${key}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    }
    return `${key}: ${issue.message}`;
  });
  return `Invalid configuration of plugin bank-sync:\n  - ${problems.join('\n  - ')}`;
}
