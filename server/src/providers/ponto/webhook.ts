import { createHash, createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { PontoClient } from './client';

/**
 * Ponto (Ibanity) webhooks: the `Signature` header is a JWT signed RS512 with one of the
 * keys published at `/webhooks/keys`; its payload holds the SHA-512 digest of the raw
 * body, the audience (your application id), and a short validity. All are checked.
 */
interface Jwks {
  keys: Array<JsonWebKey & { kid: string; status?: string }>;
}

const keyCache = new Map<string, { at: number; keys: Map<string, KeyObject> }>();
const TOLERANCE_S = 300;

async function keysFor(client: PontoClient, apiUrl: string, refresh = false): Promise<Map<string, KeyObject>> {
  const cached = keyCache.get(apiUrl);
  if (cached && !refresh && Date.now() - cached.at < 3_600_000) return cached.keys;
  const jwks = await client.publicGet<Jwks>('/webhooks/keys');
  const keys = new Map<string, KeyObject>();
  for (const jwk of jwks.keys ?? []) {
    if (jwk.status && jwk.status !== 'ACTIVE') continue;
    keys.set(jwk.kid, createPublicKey({ key: jwk, format: 'jwk' }));
  }
  keyCache.set(apiUrl, { at: Date.now(), keys });
  return keys;
}

const decode = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** Returns why the signature is refused, or null when it is valid. */
export async function checkSignature(
  client: PontoClient,
  apiUrl: string,
  signature: string | undefined,
  rawBody: string,
  audience: string | undefined,
): Promise<string | null> {
  if (!signature) return 'no Signature header';
  const parts = signature.split('.');
  if (parts.length !== 3) return 'malformed signature';
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = decode(headerPart);
    payload = decode(payloadPart);
  } catch {
    return 'malformed signature';
  }
  if (header.alg !== 'RS512' || typeof header.kid !== 'string') return 'unexpected signature algorithm';
  let key = (await keysFor(client, apiUrl)).get(header.kid);
  if (!key) key = (await keysFor(client, apiUrl, true)).get(header.kid); // keys rotate
  if (!key) return 'unknown signing key';
  const valid = verify('sha512', Buffer.from(`${headerPart}.${payloadPart}`), key, Buffer.from(signaturePart, 'base64url'));
  if (!valid) return 'invalid signature';
  const digest = createHash('sha512').update(rawBody).digest('base64');
  if (payload.digest !== digest) return 'body does not match the signed digest';
  if (audience && payload.aud !== audience) return 'signed for another application';
  const now = Math.floor(Date.now() / 1000);
  if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > TOLERANCE_S) return 'signature too old';
  if (typeof payload.exp === 'number' && payload.exp + TOLERANCE_S < now) return 'signature expired';
  return null;
}
