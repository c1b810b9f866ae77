import type { z } from 'zod';
import { toMinorUnits } from '../../domain/money';
import type { ProviderAccount, ProviderContext } from '../types';
import { pontoConnection } from './connection';
import { accountSchema, listSchema, type PontoAccount } from './schemas';

const accountList = listSchema(accountSchema);

function balanceOf(a: PontoAccount['attributes']): bigint | null {
  if (a.currentBalance == null) return null;
  try {
    return toMinorUnits(a.currentBalance, a.currency);
  } catch {
    return null;
  }
}

/** Ponto account -> the engine's account: name, IBAN, exact balance, consent end (§1.4, §1.8). */
export function toProviderAccount(account: PontoAccount): ProviderAccount {
  const a = account.attributes;
  const balanceAt = a.currentBalanceReferenceDate ?? a.currentBalanceChangedAt;
  return {
    providerAccountId: account.id,
    name: a.description ?? a.reference ?? null,
    accountNumber: a.reference ?? null,
    currency: a.currency,
    balance: balanceOf(a),
    balanceDate: balanceAt ? new Date(balanceAt) : null,
    consentExpiresAt: a.authorizationExpirationExpectedAt ? new Date(a.authorizationExpirationExpectedAt) : null,
  };
}

/** GET /accounts, every page. */
export async function fetchPontoAccounts(ctx: ProviderContext): Promise<ProviderAccount[]> {
  const { client } = pontoConnection(ctx);
  const accounts: PontoAccount[] = [];
  let url: string | null = '/accounts';
  let params: Record<string, unknown> | undefined = { 'page[limit]': 100 };
  while (url) {
    const page: z.output<typeof accountList> = await client.request('GET', url, accountList, { params });
    accounts.push(...page.data);
    params = undefined; // links carry their own query
    url = page.links?.next ?? null;
  }
  return accounts.map(toProviderAccount);
}
