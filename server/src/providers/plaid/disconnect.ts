import type { ProviderContext } from '../types';
import { PlaidClient } from './client';
import { readPlaidConfig } from './config';
import { PlaidHttpError } from './errors';
import { requestIdSchema } from './schemas';

/** Items Plaid no longer has: nothing is left to end there. */
const ALREADY_GONE = new Set(['INVALID_ACCESS_TOKEN', 'ITEM_NOT_FOUND']);

/**
 * Disconnect: removes the Item at Plaid (POST /item/remove), so Plaid stops reading the bank
 * and billing for it; its access token is then void. An Item Plaid no longer has is already
 * ended.
 */
export async function removePlaidItem(ctx: ProviderContext): Promise<void> {
  const client = new PlaidClient(readPlaidConfig(ctx.config), ctx);
  try {
    await client.post('/item/remove', { access_token: client.accessToken() }, requestIdSchema);
  } catch (error) {
    if (error instanceof PlaidHttpError && error.errorCode && ALREADY_GONE.has(error.errorCode)) return;
    throw error;
  }
}
