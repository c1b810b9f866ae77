import { createHash, timingSafeEqual } from 'node:crypto';
import { decodeProtectedHeader, errors, importJWK, jwtVerify, type KeyLike } from 'jose';
import { LRUCache } from 'lru-cache';
import type { WebhookEvent } from '../types';
import { PlaidClient } from './client';
import type { PlaidConfig } from './config';
import { PlaidHttpError } from './errors';
import { verificationKeySchema, webhookBodySchema, webhookClaimsSchema } from './schemas';

/** Plaid signs webhooks with ES256 only; a signature is good for five minutes. */
const ALGORITHM = 'ES256';
const MAX_TOKEN_AGE = '5m';
const CLOCK_TOLERANCE_S = 30;

/** Verification keys by API and key id (Plaid rotates them rarely). */
const keys = new LRUCache<string, KeyLike | Uint8Array>({ max: 100, ttl: 24 * 60 * 60_000 });
/** Key ids Plaid does not know (or whose key expired), not asked again for a while: a flood of forged signatures costs one call per id. */
const unknownKeys = new LRUCache<string, true>({ max: 10_000, ttl: 5 * 60_000 });
/** Key fetches under way: concurrent webhooks signed by one new key ask Plaid once. */
const fetching = new Map<string, Promise<KeyLike | Uint8Array | null>>();
/** Signatures accepted, while they could still pass: the same signed request again is a replay (per instance). */
const seen = new LRUCache<string, true>({ max: 50_000, ttl: 5 * 60_000 + 2 * CLOCK_TOLERANCE_S * 1000 });

const REFUSALS = [
  errors.JWSInvalid,
  errors.JWTInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
];

/** The key `kid` from POST /webhook_verification_key/get, or null when Plaid knows none or it expired. */
async function verificationKey(config: PlaidConfig, kid: string): Promise<KeyLike | Uint8Array | null> {
  const cacheKey = `${config.apiUrl}|${kid}`;
  const known = keys.get(cacheKey);
  if (known) return known;
  if (unknownKeys.has(cacheKey)) return null;
  let pending = fetching.get(cacheKey);
  if (!pending) {
    pending = fetchKey(config, kid, cacheKey).finally(() => fetching.delete(cacheKey));
    fetching.set(cacheKey, pending);
  }
  return pending;
}

async function fetchKey(config: PlaidConfig, kid: string, cacheKey: string): Promise<KeyLike | Uint8Array | null> {
  const client = new PlaidClient(config, { credentials: null, waitForRetry: async () => false });
  let answer;
  try {
    answer = await client.post('/webhook_verification_key/get', { key_id: kid }, verificationKeySchema);
  } catch (error) {
    // An unknown key id is a bad signature; Plaid unreachable is not (the caller answers 503).
    if (error instanceof PlaidHttpError && error.status === 400 && error.errorType === 'INVALID_INPUT') {
      unknownKeys.set(cacheKey, true);
      return null;
    }
    throw error;
  }
  if (answer.key.expired_at != null) {
    unknownKeys.set(cacheKey, true);
    return null;
  }
  const key = await importJWK({ kty: answer.key.kty, crv: answer.key.crv, x: answer.key.x, y: answer.key.y }, ALGORITHM);
  keys.set(cacheKey, key);
  return key;
}

/**
 * Checks the `Plaid-Verification` header of a webhook: a JWT signed ES256 with the key Plaid
 * names by `kid`, issued less than five minutes ago, whose `request_body_sha256` is the SHA-256
 * of the raw body, not seen before. Returns why it is refused, or null when it is good.
 */
export async function plaidSignatureRefusal(config: PlaidConfig, jwt: string | undefined, rawBody: string): Promise<string | null> {
  if (!jwt) return 'no Plaid-Verification header';
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jwt);
    if (header.alg !== ALGORITHM) return `signature algorithm ${String(header.alg)} refused`;
    kid = header.kid;
  } catch {
    return 'Plaid-Verification is no JWT';
  }
  if (!kid) return 'no key id in the signature';
  const key = await verificationKey(config, kid);
  if (!key) return 'unknown or expired verification key';
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(jwt, key, { algorithms: [ALGORITHM], maxTokenAge: MAX_TOKEN_AGE, clockTolerance: CLOCK_TOLERANCE_S }));
  } catch (error) {
    const refusal = REFUSALS.find((kind) => error instanceof kind);
    if (refusal) return `signature refused (${(error as InstanceType<typeof refusal>).code})`;
    throw error;
  }
  const claims = webhookClaimsSchema.safeParse(payload);
  if (!claims.success) return 'no body hash in the signature';
  const expected = Buffer.from(createHash('sha256').update(rawBody).digest('hex'));
  const given = Buffer.from(claims.data.request_body_sha256.toLowerCase());
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'body does not match the signed hash';
  const id = createHash('sha256').update(jwt).digest('base64url');
  if (seen.has(id)) return 'replayed (this signed request was already received)';
  seen.set(id, true);
  return null;
}

const SYNC_CODES = new Set(['SYNC_UPDATES_AVAILABLE', 'DEFAULT_UPDATE', 'INITIAL_UPDATE', 'HISTORICAL_UPDATE', 'TRANSACTIONS_REMOVED']);

/** A verified webhook body -> what the engine should do (§2.6); the Item is named by its id. */
export function plaidWebhookEvent(body: unknown): WebhookEvent | null {
  const parsed = webhookBodySchema.safeParse(body);
  if (!parsed.success) return null;
  const { webhook_type: type, webhook_code: code, item_id: itemId } = parsed.data;
  const action =
    type === 'TRANSACTIONS' && SYNC_CODES.has(code) ? 'sync' : type === 'ITEM' && code === 'LOGIN_REPAIRED' ? 'reauthorized' : 'ignore';
  return { event: `${type}.${code}`, action, ...(itemId ? { externalId: itemId } : {}) };
}
