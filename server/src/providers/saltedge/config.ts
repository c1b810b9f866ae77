import { z } from 'zod';

/** `providers.saltedge` of the plugin configuration (reference §3.1). */
export const saltEdgeConfigSchema = z
  .object({
    /** API base including the version (the fake Salt Edge in tests and the demo; the real host by default). */
    apiUrl: z.string().url().default('https://www.saltedge.com/api/v6'),
    /** Which API the base speaks: v6 (current) or v5 (connect sessions, PUT refresh). */
    apiVersion: z.enum(['v5', 'v6']).default('v6'),
    /** Salt Edge `App-id` of your client (each connection may have its own, from Update Credentials). */
    clientId: z.string().min(1).optional(),
    /** Salt Edge `Secret` of your client. */
    clientSecret: z.string().min(1).optional(),
    /**
     * Your RSA private key (PEM text or a PEM file path) whose public key is registered in Salt
     * Edge's dashboard: every request is then signed (`Expires-at`, `Signature`).
     */
    signingKey: z.string().min(1).optional(),
    /** Consent scopes asked at Connect (v6 examples differ on the names: configurable). */
    consentScopes: z.array(z.string().min(1)).min(1).default(['account_details', 'transactions_details']),
    /** Days of history asked at Connect (some banks give about 90 whatever is asked). */
    historyDays: z.number().int().min(1).max(3_650).default(365),
    /** Let Salt Edge refresh the connection once a day by itself (`daily_refresh`). */
    dailyRefresh: z.boolean().default(true),
    /** List Salt Edge's fake banks (country XF) among the institutions, and allow them at Connect. */
    includeFakeProviders: z.boolean().default(false),
    /** Ask Salt Edge to refresh from the bank before reading (background refresh), and wait for it. */
    refresh: z.boolean().default(false),
    refreshPollMs: z.number().int().min(10).max(60_000).default(3_000),
    refreshTimeoutMs: z.number().int().min(100).max(900_000).default(180_000),
    /** A refresh this recent (this run, another account of the connection) is not asked again. */
    refreshReuseSeconds: z.number().int().min(0).max(86_400).default(600),
    /** Page size asked (`per_page`; Salt Edge's own maximum applies). */
    pageSize: z.number().int().min(1).max(1_000).default(1_000),
    /** Seconds the institution list of a country is cached. */
    institutionsCacheSeconds: z.number().int().min(0).default(3_600),
    timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
    /** Wait after a 429 that names no time (Salt Edge documents none). */
    rateLimitWaitSeconds: z.number().int().min(1).max(86_400).default(60),
    /**
     * Callbacks: Salt Edge's public key (PEM text or path) that signs them, and the exact URL
     * they are sent to (the signature covers it), e.g. https://app.example/api/bank-sync/webhooks/saltedge.
     */
    callbackPublicKey: z.string().min(1).optional(),
    callbackUrl: z.string().url().optional(),
    /** A callback whose `meta.time` is older than this is refused (a replay). */
    callbackMaxAgeSeconds: z.number().int().min(10).max(86_400).default(600),
  })
  .strict()
  .refine((c) => Boolean(c.callbackPublicKey) === Boolean(c.callbackUrl), {
    message: 'callbackPublicKey and callbackUrl go together',
    path: ['callbackUrl'],
  });

export type SaltEdgeConfig = z.output<typeof saltEdgeConfigSchema>;

export function readSaltEdgeConfig(raw: Record<string, unknown>): SaltEdgeConfig {
  return saltEdgeConfigSchema.parse(raw ?? {});
}

/** What a Salt Edge connection keeps encrypted: its own App-id / Secret, when Update Credentials gave them. */
export interface SaltEdgeCredentials {
  clientId?: string;
  clientSecret?: string;
}

/** What a Salt Edge connection keeps in clear (ids only). */
export interface SaltEdgeData {
  /** The Salt Edge customer made for this plugin connection. */
  customerId?: string;
  /** Salt Edge's connection id (also the connection's externalId). */
  connectionId?: string;
}
