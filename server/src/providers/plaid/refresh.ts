import type { ProviderContext, RefreshDeferred } from '../types';
import { PlaidClient } from './client';
import { readPlaidConfig } from './config';
import { PlaidHttpError } from './errors';
import { requestIdSchema } from './schemas';

/** /transactions/refresh is per Item: asked once for all the accounts of a run. */
const ONCE_PER_MS = 10 * 60_000;

/**
 * With `refresh` on, asks Plaid to check the bank now (POST /transactions/refresh, §2.6). Plaid
 * answers at once and reads later (SYNC_UPDATES_AVAILABLE webhook): this run reads what Plaid
 * has. A rate limit or a product not enabled puts the refresh off; it is no failure.
 */
export async function requestPlaidRefresh(ctx: ProviderContext): Promise<void | RefreshDeferred> {
  const config = readPlaidConfig(ctx.config);
  if (!config.refresh) return;
  const last = Number(ctx.providerData.plaidRefreshAt ?? 0);
  if (Date.now() - last < ONCE_PER_MS) return;
  const client = new PlaidClient(config, { ...ctx, waitForRetry: async () => false });
  try {
    await client.post('/transactions/refresh', { access_token: client.accessToken() }, requestIdSchema);
    // The engine stores the object given as the whole provider data: the rest is kept.
    const next = { ...ctx.providerData, plaidRefreshAt: Date.now() };
    ctx.providerData = next;
    await ctx.saveProviderData(next);
  } catch (error) {
    if (!(error instanceof PlaidHttpError)) throw error;
    if (error.status === 429 || error.errorType === 'RATE_LIMIT_EXCEEDED') {
      return {
        until: error.retryAfter ?? null,
        code: 'plaid_refresh_rate_limited',
        message: 'Plaid refuses more refreshes for now: what it already has is read.',
      };
    }
    if (error.errorCode === 'INVALID_PRODUCT' || error.errorCode === 'PRODUCTS_NOT_SUPPORTED') {
      return {
        until: null,
        code: 'plaid_refresh_not_enabled',
        message: 'Transactions Refresh is not enabled for this Plaid client: what Plaid already has is read.',
      };
    }
    throw error;
  }
}
