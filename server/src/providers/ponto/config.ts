import { z } from 'zod';

/** `providers.ponto` of the plugin configuration. */
export const pontoConfigSchema = z
  .object({
    /** API base (the fake Ponto in tests and the demo; the real host by default). */
    apiUrl: z.string().url().default('https://api.ibanity.com/ponto-connect'),
    /** Browser consent page. */
    authorizationUrl: z.string().url().default('https://authorization.myponto.com/oauth2/auth'),
    /** Default Client ID / Secret for new connections (each connection may have its own). */
    clientId: z.string().min(1).optional(),
    clientSecret: z.string().min(1).optional(),
    scope: z.string().default('offline_access ai'),
    /** mTLS for live use: the client certificate and key (and CA), as PEM text or PEM file paths. */
    tls: z
      .object({
        cert: z.string().min(1).optional(),
        key: z.string().min(1).optional(),
        passphrase: z.string().optional(),
        ca: z.string().min(1).optional(),
      })
      .strict()
      .refine((t) => Boolean(t.cert) === Boolean(t.key), { message: 'cert and key go together' })
      .optional(),
    /** Which Ponto date is the booking date. */
    bookingDate: z.enum(['executionDate', 'valueDate']).default('executionDate'),
    /** Ask Ponto to synchronize with the bank before reading, and wait for it. */
    synchronize: z.boolean().default(false),
    syncPollMs: z.number().int().min(10).max(60_000).default(2_000),
    syncTimeoutMs: z.number().int().min(100).max(600_000).default(120_000),
    /** Page size (Ponto accepts up to 100). */
    pageLimit: z.number().int().min(1).max(100).default(100),
    /** Seconds the institution list is cached. */
    institutionsCacheSeconds: z.number().int().min(0).default(600),
    timeoutMs: z.number().int().min(1_000).max(300_000).default(30_000),
    /** Your Ponto application id: required to accept webhooks (those signed for another audience are refused). */
    webhookAudience: z.string().min(1).optional(),
    /**
     * Where Ibanity publishes the webhook signing keys. Default `<apiUrl>/webhooks/keys`; Ibanity's
     * SDKs read them from its webhooks API (e.g. https://api.ibanity.com/webhooks/keys): check yours.
     */
    webhookKeysUrl: z.string().url().optional(),
  })
  .strict();

export type PontoConfig = z.output<typeof pontoConfigSchema>;

export function readPontoConfig(raw: Record<string, unknown>): PontoConfig {
  return pontoConfigSchema.parse(raw ?? {});
}

/** What a Ponto connection keeps (encrypted). */
export interface PontoCredentials {
  clientId?: string;
  clientSecret?: string;
  refreshToken?: string;
  accessToken?: string;
  /** Epoch ms. */
  accessTokenExpiresAt?: number;
  /** PKCE verifier between Connect and its callback. */
  codeVerifier?: string;
  /** Ponto's old single API token (api.myponto.com): deprecated, never used. */
  apiToken?: string;
}
