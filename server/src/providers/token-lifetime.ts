/** Share of an access token's lifetime kept in reserve, and the most it may be. */
const RESERVE_SHARE = 0.1;
const MAX_RESERVE_MS = 60_000;

/**
 * When an access token that lives `lifetimeSeconds` from `issuedAt` (epoch ms) should be
 * replaced: with a tenth of its life left, at most a minute before it ends. A fixed margin
 * would refresh a short-lived token before every call; a proportional one spends one token
 * call per lifetime, whatever the lifetime.
 */
export function tokenRefreshAt(lifetimeSeconds: number, issuedAt = Date.now()): number {
  const lifetimeMs = Math.max(0, lifetimeSeconds) * 1000;
  return issuedAt + lifetimeMs - Math.min(lifetimeMs * RESERVE_SHARE, MAX_RESERVE_MS);
}
