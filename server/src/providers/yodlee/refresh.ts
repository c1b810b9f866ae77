import { LRUCache } from 'lru-cache';
import type { ProviderContext, RefreshDeferred } from '../types';
import type { YodleeClient } from './client';
import { yodleeConnection } from './connection';
import { providerAccountListSchema, type YodleeProviderAccount } from './schemas';
import { linkState, reauthError } from './status';

/** A refresh asked this recently (for another account of the same provider account) is not asked again. */
const REFRESH_SHARED_MS = 5 * 60_000;
/**
 * When this instance last asked a refresh of each provider account (epoch ms), per API. In
 * memory, not in the connection's provider data: a run writing there could overwrite what a
 * Reconnect keeps there meanwhile (another instance may ask once more: no harm).
 */
const refreshAskedAt = new LRUCache<string, number>({ max: 10_000, ttl: REFRESH_SHARED_MS });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readProviderAccount(client: YodleeClient, id: string): Promise<YodleeProviderAccount | null> {
  const answer = await client.request('GET', `/providerAccounts/${encodeURIComponent(id)}`, providerAccountListSchema);
  return answer.providerAccount?.find((p) => p.id === id) ?? answer.providerAccount?.[0] ?? null;
}

const stillRefreshing = (): RefreshDeferred => ({
  until: null,
  code: 'yodlee_refresh_in_progress',
  message: 'Yodlee is still refreshing this bank: what it already has is read.',
});

/**
 * Before reading, the link's state (§4.4, §4.5): the bank needing the user again fails the
 * account (`reauth`); a refresh running or a bank site failing this time is no failure (what
 * Yodlee has is read). With `refresh` on, asks Yodlee to refresh the provider account when its
 * dataset allows it (`ALLOW_UPDATE`) and waits for it; otherwise says when it may.
 */
export async function requestYodleeRefresh(ctx: ProviderContext): Promise<void | RefreshDeferred> {
  const { config, client, providerAccountId } = yodleeConnection(ctx);
  let account = await readProviderAccount(client, providerAccountId);
  if (!account) return undefined;
  const state = linkState(account);
  if (state.kind === 'reauth') throw reauthError(state.reason);
  if (state.kind === 'running') return stillRefreshing();
  if (state.kind === 'site') {
    return {
      until: null,
      code: `yodlee_${state.reason.toLowerCase()}`,
      message: `Yodlee could not read the bank's site last time (${state.reason}): what it already has is read, and the next run asks again.`,
    };
  }
  if (!config.refresh) return undefined;

  const dataset = account.dataset?.find((d) => d.name === 'BASIC_AGG_DATA') ?? account.dataset?.[0];
  if (dataset?.updateEligibility === 'DISALLOW_UPDATE') {
    const next = dataset.nextUpdateScheduled ? new Date(dataset.nextUpdateScheduled) : null;
    return {
      until: next && !Number.isNaN(next.getTime()) ? next : null,
      code: 'yodlee_refresh_not_allowed',
      message: 'Yodlee allows no refresh of this bank now: what it already has is read.',
    };
  }
  if (dataset?.updateEligibility === 'ALLOW_UPDATE_WITH_CREDENTIALS') {
    return {
      until: null,
      code: 'yodlee_refresh_needs_user',
      message:
        "This bank asks for the user's login or MFA at every refresh, so Yodlee cannot refresh it unattended: what it already has is read. Switch auto-sync off and refresh through Reconnect.",
    };
  }
  // One refresh serves every account of the provider account: the next accounts of the run read it.
  const key = `${config.apiUrl}|${providerAccountId}`;
  const asked = refreshAskedAt.get(key);
  if (asked !== undefined && Date.now() - asked < REFRESH_SHARED_MS) return undefined;
  refreshAskedAt.set(key, Date.now());
  const started = await client.request('PUT', '/providerAccounts', providerAccountListSchema, {
    params: { providerAccountIds: providerAccountId },
    data: {},
  });
  account = started.providerAccount?.find((p) => p.id === providerAccountId) ?? account;
  const deadline = Date.now() + config.refreshTimeoutMs;
  while (linkState(account).kind === 'running') {
    if (Date.now() > deadline) return stillRefreshing();
    await sleep(config.refreshPollMs);
    account = (await readProviderAccount(client, providerAccountId)) ?? account;
  }
  const after = linkState(account);
  if (after.kind === 'reauth') throw reauthError(after.reason);
  if (after.kind === 'site') {
    ctx.log.warn(`Yodlee refresh ended with ${after.reason}: reading what is there`);
  }
  return undefined;
}
