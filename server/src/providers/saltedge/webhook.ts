import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { WebhookEvent } from '../types';
import type { SaltEdgeConfig } from './config';
import { callbackSchema } from './schemas';
import { callbackSignatureValid } from './signing';

/** Signatures already accepted, as long as their callback could still pass: the same callback sent again is a replay. */
const seen = new LRUCache<string, true>({ max: 50_000, ttl: 24 * 3_600_000 });

/**
 * Checks a Salt Edge callback (§3.1): the `Signature` header, RSA-SHA256 by Salt Edge's public key
 * over `<callback URL>|<raw body>`, a `meta.time` not older than `callbackMaxAgeSeconds`, and not
 * seen before. Returns why it is refused, or null when it is good.
 */
export function callbackRefusal(config: SaltEdgeConfig, signature: string | undefined, rawBody: string): string | null {
  if (!config.callbackPublicKey || !config.callbackUrl) {
    return 'providers.saltedge.callbackPublicKey and callbackUrl are not configured';
  }
  if (!signature) return 'no Signature header';
  if (!callbackSignatureValid(config.callbackPublicKey, config.callbackUrl, rawBody, signature)) return 'signature refused';
  let time: string | null | undefined;
  try {
    time = callbackSchema.safeParse(JSON.parse(rawBody)).data?.meta?.time;
  } catch {
    return 'body is not JSON';
  }
  const at = time ? new Date(time).getTime() : NaN;
  if (Number.isNaN(at)) return 'no meta.time in the callback';
  if (Date.now() - at > config.callbackMaxAgeSeconds * 1000) return 'callback too old (a replay?)';
  const key = createHash('sha256').update(signature).digest('base64url');
  if (seen.has(key)) return 'replayed (this signed callback was already received)';
  seen.set(key, true, { ttl: (config.callbackMaxAgeSeconds + 60) * 1000 });
  return null;
}

/**
 * A verified callback -> what the engine should do (§3.2 step 3): `success` (stage `finish`, no
 * error) brings new data: run the connection; `fail`, `notify` (a stage on the way) and `destroy`
 * ask for nothing. The connection is named by Salt Edge's id (the connection's externalId).
 */
export function callbackEvent(body: unknown): WebhookEvent | null {
  const parsed = callbackSchema.safeParse(body);
  if (!parsed.success) return null;
  const { connection_id: connectionId, stage, error_class: errorClass } = parsed.data.data;
  if (!connectionId) return null;
  const event = errorClass ? 'fail' : stage === 'finish' ? 'success' : stage ? 'notify' : 'destroy';
  return { event, externalId: connectionId, action: event === 'success' ? 'sync' : 'ignore' };
}
