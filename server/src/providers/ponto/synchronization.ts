import { ProviderError, type ProviderContext } from '../types';
import { pontoConnection } from './connection';
import { PontoHttpError } from './errors';
import { documentSchema, synchronizationSchema, type PontoSynchronization } from './schemas';

const synchronizationDocument = documentSchema(synchronizationSchema);
const REAUTH_CODES = new Set(['authorizationInvalid', 'authorizationExpired']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * With `synchronize` on, asks Ponto to read the bank now (POST /synchronizations) and polls
 * it until `success` or `error` (§1.4). A synchronization made recently
 * (`accountRecentlySynchronized`) is no failure: what Ponto has is read. A synchronization
 * the bank refused for its authorization asks to renew the consent.
 */
export async function requestPontoRefresh(ctx: ProviderContext, { providerAccountId }: { providerAccountId: string }): Promise<void> {
  const { config, client } = pontoConnection(ctx);
  if (!config.synchronize) return;
  let sync: PontoSynchronization;
  try {
    ({ data: sync } = await client.request('POST', '/synchronizations', synchronizationDocument, {
      data: {
        data: {
          type: 'synchronization',
          attributes: { resourceType: 'account', resourceId: providerAccountId, subtype: 'accountTransactions' },
        },
      },
    }));
  } catch (error) {
    if (error instanceof PontoHttpError && error.codes.includes('accountRecentlySynchronized')) {
      ctx.log.debug('account recently synchronized at Ponto: reading what is there');
      return;
    }
    throw error;
  }
  const deadline = Date.now() + config.syncTimeoutMs;
  while (sync.attributes.status !== 'success' && sync.attributes.status !== 'error') {
    if (Date.now() > deadline) {
      ctx.log.warn(
        `Ponto synchronization ${sync.id} still ${sync.attributes.status} after ${config.syncTimeoutMs} ms: reading what is there`,
      );
      return;
    }
    await sleep(config.syncPollMs);
    ({ data: sync } = await client.request('GET', `/synchronizations/${encodeURIComponent(sync.id)}`, synchronizationDocument));
  }
  if (sync.attributes.status === 'error') {
    const errors = sync.attributes.errors ?? [];
    if (errors.some((e) => e.code && REAUTH_CODES.has(e.code))) {
      throw new ProviderError({
        class: 'reauth',
        code: 'ponto_authorizationInvalid',
        message:
          "The bank refused Ponto's access to this account: its consent must be renewed (Reconnect, or re-authorize the account at Ponto — banks ask for it every 180 days).",
      });
    }
    ctx.log.warn(`Ponto synchronization failed (${errors.map((e) => e.code).join(', ')}): reading what is there`);
  }
}
