import { toMinorUnits } from '../../domain/money';
import type { ProviderAccount, ProviderContext } from '../types';
import { PlaidClient } from './client';
import { readPlaidConfig } from './config';
import { accountsGetSchema, type PlaidAccount, type PlaidItem } from './schemas';

/** Credit and loan balances are what is owed (§2.3): the bank's balance is its opposite. */
const OWED = new Set(['credit', 'loan']);

function balanceOf(a: PlaidAccount, currency: string): bigint | null {
  const current = a.balances.current;
  if (current == null) return null;
  try {
    const minor = toMinorUnits(current, currency);
    return OWED.has(a.type) ? -minor : minor;
  } catch {
    return null;
  }
}

/** Plaid account -> the engine's account: name, masked number, exact balance, the Item's consent end (§2.7). */
export function toProviderAccount(a: PlaidAccount, item: PlaidItem): ProviderAccount {
  const currency = a.balances.iso_currency_code ?? a.balances.unofficial_currency_code ?? 'USD';
  const balance = balanceOf(a, currency);
  const updated = a.balances.last_updated_datetime;
  return {
    providerAccountId: a.account_id,
    name: a.official_name ?? a.name,
    accountNumber: a.mask ? `•••• ${a.mask}` : null,
    currency,
    balance,
    balanceDate: balance === null ? null : updated ? new Date(updated) : new Date(),
    consentExpiresAt: item.consent_expiration_time ? new Date(item.consent_expiration_time) : null,
  };
}

/** POST /accounts/get: the Item's accounts with their cached balances. */
export async function fetchPlaidAccounts(ctx: ProviderContext): Promise<ProviderAccount[]> {
  const client = new PlaidClient(readPlaidConfig(ctx.config), ctx);
  const answer = await client.post('/accounts/get', { access_token: client.accessToken() }, accountsGetSchema);
  return answer.accounts.map((a) => toProviderAccount(a, answer.item));
}
