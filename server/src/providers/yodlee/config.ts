import { z } from 'zod';

/** `providers.yodlee` of the plugin configuration (reference §4.1). */
export const yodleeConfigSchema = z
  .object({
    /** API base, up to `/ysl` (the fake Yodlee in tests and the demo; the sandbox by default). */
    apiUrl: z.string().url().default('https://sandbox.api.yodlee.com/ysl'),
    /**
     * Where the admin's browser goes to link a bank: a page that opens FastLink with the user
     * token and the parameters in its query (`accessToken`, `extraParams`). FastLink itself
     * wants them POSTed or given to its JavaScript: in live use, point this at a small launcher
     * page of your app (see the README).
     */
    fastlinkUrl: z.string().url().optional(),
    /**
     * Where `accessToken` and `extraParams` go in that URL: the fragment (default: browsers
     * send it to no server, so the user token reaches no access log and no Referer; the
     * launcher page reads `location.hash`) or the query (a server-side page, such as the fake's).
     */
    fastlinkParamsIn: z.enum(['fragment', 'query']).default('fragment'),
    /** The FastLink configuration made in Yodlee's Configuration Tool. */
    fastlinkConfigName: z.string().min(1).default('Aggregation'),
    /** Client credentials of the Yodlee application (`clientId` / `secret` of POST /auth/token). */
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    /** Admin login name: its token reads the institution list (`GET /providers`). */
    adminLoginName: z.string().min(1).optional(),
    /**
     * One Yodlee user for every connection (e.g. a sandbox test user). Unset: each connection
     * gets a user of its own, `<loginNamePrefix><random>`, registered by its first token.
     */
    loginName: z.string().min(3).optional(),
    loginNamePrefix: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{0,40}$/)
      .default('banksync-'),
    /** Kinds of Yodlee accounts offered for statements (`CONTAINER`). */
    containers: z
      .array(z.enum(['bank', 'creditCard', 'investment', 'insurance', 'loan', 'reward', 'realEstate', 'otherAssets', 'otherLiabilities']))
      .min(1)
      .default(['bank', 'creditCard']),
    /** Ask Yodlee to refresh the bank's data before reading (PUT /providerAccounts), and wait for it. */
    refresh: z.boolean().default(false),
    refreshPollMs: z.number().int().min(10).max(60_000).default(3_000),
    refreshTimeoutMs: z.number().int().min(100).max(600_000).default(120_000),
    /** Page size, `top` (Yodlee accepts 1–500). */
    pageSize: z.number().int().min(1).max(500).default(500),
    /** Seconds the institution searches are cached. */
    institutionsCacheSeconds: z.number().int().min(0).default(600),
    timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
  })
  .strict();

export type YodleeConfig = z.output<typeof yodleeConfigSchema>;

export function readYodleeConfig(raw: Record<string, unknown>): YodleeConfig {
  return yodleeConfigSchema.parse(raw ?? {});
}

/** What a Yodlee connection keeps (encrypted). */
export interface YodleeCredentials {
  /** The Yodlee user whose token reads this connection. */
  loginName?: string;
  /** The provider account (Yodlee's connection to one institution) the consent made. */
  providerAccountId?: string;
  accessToken?: string;
  /** Epoch ms: the token is replaced from then on. */
  accessTokenExpiresAt?: number;
}
