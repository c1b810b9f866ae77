import { toMinorUnits } from '../../domain/money';
import type { ProviderAccount, ProviderContext } from '../types';
import type { YodleeConfig } from './config';
import { yodleeConnection } from './connection';
import { accountListSchema, type YodleeAccount } from './schemas';

function balanceOf(a: YodleeAccount): { currency: string | null; balance: bigint | null } {
  const money = a.currentBalance ?? a.balance ?? a.availableBalance;
  if (!money) return { currency: null, balance: null };
  try {
    const minor = toMinorUnits(Math.abs(money.amount), money.currency) * (money.amount < 0 ? -1n : 1n);
    // A liability (a credit card's balance is what is owed) is money out.
    return { currency: money.currency, balance: a.isAsset === false ? -minor : minor };
  } catch {
    return { currency: money.currency, balance: null };
  }
}

/** Yodlee account -> the engine's account (§4.2). Null when Yodlee gives no currency. */
export function toProviderAccount(a: YodleeAccount): ProviderAccount | null {
  const { currency, balance } = balanceOf(a);
  if (!currency) return null;
  const updated = a.dataset?.find((d) => d.lastUpdated)?.lastUpdated ?? a.lastUpdated;
  return {
    providerAccountId: a.id,
    name: a.accountName ?? a.providerName ?? null,
    accountNumber: a.accountNumber ?? null,
    currency,
    balance,
    balanceDate: updated ? new Date(updated) : null,
    consentExpiresAt: null,
  };
}

export function statementAccounts(accounts: YodleeAccount[], config: YodleeConfig, ctx: ProviderContext): ProviderAccount[] {
  const kept: ProviderAccount[] = [];
  for (const account of accounts) {
    if (!config.containers.includes(account.CONTAINER as YodleeConfig['containers'][number])) continue;
    const mapped = toProviderAccount(account);
    if (mapped) kept.push(mapped);
    else ctx.log.warn(`Yodlee account ${account.id} has no balance currency: left out`);
  }
  return kept;
}

/** GET /accounts of the connection's provider account, in the configured containers. */
export async function fetchYodleeAccounts(ctx: ProviderContext): Promise<ProviderAccount[]> {
  const { config, client, providerAccountId } = yodleeConnection(ctx);
  const answer = await client.request('GET', '/accounts', accountListSchema, { params: { providerAccountId } });
  return statementAccounts(answer.account ?? [], config, ctx);
}
