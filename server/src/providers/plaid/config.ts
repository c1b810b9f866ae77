import { z } from 'zod';

/** Plaid's country codes for Link and institution search (reference §2.2). */
const countryCode = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code in capitals');

/** `providers.plaid` of the plugin configuration. */
export const plaidConfigSchema = z
  .object({
    /** API base: https://production.plaid.com or https://sandbox.plaid.com (the fake in tests and the demo). */
    apiUrl: z.string().url().default('https://production.plaid.com'),
    /** Your Plaid client_id and the secret of this environment (Settings may hold them too; a connection may carry its own, Update Credentials). */
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    /** Shown in Link (Plaid allows at most 30 characters). */
    clientName: z.string().min(1).max(30).default('Bank Sync'),
    language: z.string().min(2).max(5).default('en'),
    /** Countries offered in Link and searched for institutions. */
    countryCodes: z.array(countryCode).min(1).default(['US']),
    /** Days of history asked at Link time (Plaid: 1 to 730, 90 when not asked). */
    daysRequested: z.number().int().min(1).max(730).default(730),
    /** Transactions per /transactions/sync page (1 to 500). */
    pageCount: z.number().int().min(1).max(500).default(500),
    /** Ask /transactions/refresh before each read (a paid add-on at Plaid; results arrive later, by webhook). */
    refresh: z.boolean().default(false),
    /** Where Plaid sends webhooks: the public URL of POST /api/bank-sync/webhooks/plaid. */
    webhookUrl: z.string().url().optional(),
    /** Hosted Link URL lifetime (Plaid: at most 21 days). */
    linkLifetimeSeconds: z
      .number()
      .int()
      .min(60)
      .max(21 * 86_400)
      .default(1_800),
    /** Wait after a rate limit that outlasted the short waits of a run (Plaid names no time). */
    rateLimitBackoffMinutes: z.number().int().min(1).max(1_440).default(60),
    /** Seconds the institution searches are cached. */
    institutionsCacheSeconds: z.number().int().min(0).default(600),
    timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  })
  .strict();

export type PlaidConfig = z.output<typeof plaidConfigSchema>;

export function readPlaidConfig(raw: Record<string, unknown>): PlaidConfig {
  return plaidConfigSchema.parse(raw ?? {});
}

/** What a Plaid connection keeps (encrypted). */
export interface PlaidCredentials {
  /** Per-connection API keys (Update Credentials); the configuration's otherwise. */
  clientId?: string;
  clientSecret?: string;
  /** The Item's access token (never expires at Plaid). */
  accessToken?: string;
  /** The Link token of a consent under way (Hosted Link), until its callback. */
  linkToken?: string | null;
}
