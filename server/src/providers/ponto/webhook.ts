import { createHash } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import { LRUCache } from 'lru-cache';
import { tlsAgent } from '../tls-agent';
import type { WebhookEvent } from '../types';
import type { PontoConfig } from './config';
import { webhookClaimsSchema, webhookEventSchema } from './schemas';

/** Ibanity signs webhooks with RS512 only; a signature is good for a short while. */
const ALGORITHMS = ['RS512'];
const MAX_TOKEN_AGE = '5m';
const CLOCK_TOLERANCE_S = 30;
/** jose's key set: a key id it does not know refetches the keys at most once in this time. */
const KEYS_COOLDOWN_MS = 30_000;
const KEYS_MAX_AGE_MS = 10 * 60_000;

/**
 * Signatures already accepted, kept as long as they could still pass (their age limit and the
 * clock tolerance): the same signed request sent again is a replay and is refused. Per
 * instance: a replay sent to another instance of the app starts one more run, which imports
 * nothing twice.
 */
const SEEN_TTL_MS = 5 * 60_000 + 2 * CLOCK_TOLERANCE_S * 1000;
const seenSignatures = new LRUCache<string, true>({ max: 50_000, ttl: SEEN_TTL_MS });

type KeySet = ReturnType<typeof createRemoteJWKSet>;
/** One key set per API, remade when its TLS settings change. */
const keySets = new Map<string, { tls: string; keys: KeySet }>();

function keySetFor(config: PontoConfig): KeySet {
  const tls = createHash('sha256')
    .update(JSON.stringify(config.tls ?? null))
    .digest('base64url');
  const known = keySets.get(config.apiUrl);
  if (known && known.tls === tls) return known.keys;
  const url = new URL(config.webhookKeysUrl ?? `${config.apiUrl.replace(/\/+$/, '')}/webhooks/keys`);
  const keys = createRemoteJWKSet(url, {
    agent: url.protocol === 'https:' ? tlsAgent(config.tls) : undefined,
    cooldownDuration: KEYS_COOLDOWN_MS,
    cacheMaxAge: KEYS_MAX_AGE_MS,
    timeoutDuration: config.timeoutMs,
  });
  keySets.set(config.apiUrl, { tls, keys });
  return keys;
}

/** What jose throws for a signature that is not good (the others mean the keys could not be read). */
const REFUSALS = [
  errors.JWSInvalid,
  errors.JWTInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
];

/**
 * Checks a Ponto (Ibanity) webhook's `Signature` header, once: a JWT signed RS512 with one of the
 * keys published at `{apiUrl}/webhooks/keys` (fetched through the configured mTLS), for the
 * configured audience, issued less than five minutes ago, whose `digest` claim is the
 * SHA-512 of the raw body. Returns why it is refused, or null when it is good. Throws when
 * the keys cannot be read (the caller answers 503 and Ponto sends it again).
 */
export async function signatureRefusal(config: PontoConfig, signature: string | undefined, rawBody: string): Promise<string | null> {
  if (!signature) return 'no Signature header';
  // Without the audience any Ibanity application's webhook would do.
  if (!config.webhookAudience) return 'providers.ponto.webhookAudience is not configured (your Ponto application id)';
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(signature, keySetFor(config), {
      algorithms: ALGORITHMS,
      audience: config.webhookAudience,
      maxTokenAge: MAX_TOKEN_AGE,
      clockTolerance: CLOCK_TOLERANCE_S,
    }));
  } catch (error) {
    const refusal = REFUSALS.find((kind) => error instanceof kind);
    if (refusal) return `signature refused (${(error as InstanceType<typeof refusal>).code})`;
    throw error;
  }
  const claims = webhookClaimsSchema.safeParse(payload);
  if (!claims.success) return 'no body digest in the signature';
  const digest = createHash('sha512').update(rawBody).digest('base64');
  if (claims.data.digest !== digest) return 'body does not match the signed digest';
  const seen = createHash('sha256').update(signature).digest('base64url');
  if (seenSignatures.has(seen)) return 'replayed (this signed request was already received)';
  seenSignatures.set(seen, true);
  return null;
}

/** A verified webhook body -> what the engine should do (§1.7). */
export function webhookEvent(body: unknown): WebhookEvent | null {
  const parsed = webhookEventSchema.safeParse(body);
  if (!parsed.success) return null;
  const { type: event, relationships } = parsed.data.data;
  const action = /\.account\.(transactionsCreated|transactionsUpdated)$/.test(event)
    ? 'sync'
    : event.endsWith('.account.reauthorized')
      ? 'reauthorized'
      : 'ignore';
  return { event, action, providerAccountId: relationships?.account?.data.id };
}
