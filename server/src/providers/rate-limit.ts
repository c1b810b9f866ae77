import type { ProviderContext } from './types';

/** A `Retry-After` header (delta seconds or an HTTP date) as a time, if it is one. */
export function retryAfterTime(value: unknown, now = Date.now()): Date | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return new Date(now + Math.max(0, seconds) * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export interface RateLimitPolicy {
  /** Whether the error is the provider's "slow down", and the time it named if it did. */
  rateLimited(error: unknown): { retryAfter: Date | undefined } | null;
  /** How long to wait when the provider named no time. */
  defaultWaitSeconds: number;
  /** Calls in all, the first one included. */
  maxAttempts: number;
}

/**
 * Makes a call, and when the provider asks to slow down, lets the engine decide
 * (`ctx.waitForRetry`): a short wait is waited out and the call repeated, up to
 * `maxAttempts`; a long one (or one attempt too many) rethrows the provider's error, which
 * its classifier turns into `backoff` until the time the provider gave.
 */
export async function retryWhenRateLimited<T>(
  ctx: Pick<ProviderContext, 'waitForRetry'>,
  call: () => Promise<T>,
  policy: RateLimitPolicy,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      const limit = policy.rateLimited(error);
      if (!limit || attempt >= policy.maxAttempts) throw error;
      const until = limit.retryAfter ?? new Date(Date.now() + policy.defaultWaitSeconds * 1000);
      if (!(await ctx.waitForRetry(until))) throw error;
    }
  }
}
