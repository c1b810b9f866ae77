import { LRUCache } from 'lru-cache';
import { ProviderError, type ProviderContext, type RefreshDeferred } from '../types';
import { readConnection } from './consent';
import { saltEdgeConnection } from './connection';
import { REAUTH_CLASSES, SaltEdgeHttpError } from './errors';
import { connectionSchema, documentSchema, type SaltEdgeConnection } from './schemas';

/** A refresh answers the connection (v5) or a part of it (v6): only its envelope matters. */
const refreshAnswer = documentSchema(connectionSchema.partial().passthrough());
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * When this instance last had each connection refreshed (epoch ms), per API and Salt Edge
 * connection id. Kept in memory, not in the connection's provider data: a run writing there
 * could overwrite a Reconnect's pending state. Another instance asking again only meets
 * `next_refresh_possible_at`.
 */
const refreshedAt = new LRUCache<string, number>({ max: 10_000, ttl: 86_400_000 });
const FETCH_SCOPES = ['accounts', 'transactions'];

function deferred(until: Date | null, code: string, message: string): RefreshDeferred {
  return { until, code, message };
}

function notBefore(connection: SaltEdgeConnection): Date | null {
  const at = connection.next_refresh_possible_at ? new Date(connection.next_refresh_possible_at) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/**
 * With `refresh` on, asks Salt Edge to fetch from the bank now (a background refresh, §3.2
 * step 5) and polls the connection until its attempt has finished. A refresh Salt Edge does
 * not allow yet (`next_refresh_possible_at`, ConnectionCannotBeRefreshed, the 4-a-day limit of
 * PSD2 banks) is put off, not a failure: the run reads what Salt Edge has. Salt Edge refreshes
 * a connection, not an account: one done moments ago (another account of this run) is not
 * asked again.
 */
export async function requestSaltEdgeRefresh(ctx: ProviderContext, _input: { providerAccountId: string }): Promise<void | RefreshDeferred> {
  const { config, client, connectionId } = saltEdgeConnection(ctx);
  if (!config.refresh) return;
  const key = `${config.apiUrl}|${connectionId}`;
  const last = refreshedAt.get(key);
  if (last && Date.now() - last < config.refreshReuseSeconds * 1000) return;
  const before = await readConnection(client, connectionId);
  const allowedAt = notBefore(before);
  if (allowedAt && allowedAt.getTime() > Date.now()) {
    return deferred(
      allowedAt,
      'saltedge_refresh_not_allowed_yet',
      `Salt Edge allows the next refresh of this connection at ${allowedAt.toISOString()}: the data it already has is read.`,
    );
  }
  const path = `/connections/${encodeURIComponent(connectionId)}/refresh`;
  const body =
    config.apiVersion === 'v5'
      ? { data: { attempt: { fetch_scopes: FETCH_SCOPES } } }
      : {
          data: {
            return_connection_id: false,
            automatic_refresh: config.dailyRefresh,
            show_widget: false,
            attempt: { fetch_scopes: FETCH_SCOPES },
          },
        };
  try {
    await client.request(config.apiVersion === 'v5' ? 'PUT' : 'POST', path, refreshAnswer, { data: body });
  } catch (error) {
    if (!(error instanceof SaltEdgeHttpError)) throw error;
    if (error.errorClass === 'ConnectionCannotBeRefreshed') {
      return deferred(
        error.nextRefreshAt ?? null,
        'saltedge_refresh_not_allowed_yet',
        `Salt Edge does not allow a refresh of this connection yet${error.nextRefreshAt ? ` (next at ${error.nextRefreshAt.toISOString()})` : ''}: the data it already has is read.`,
      );
    }
    if (error.errorClass === 'BackgroundFetchLimitExceeded') {
      return deferred(
        new Date(Date.now() + 24 * 3_600_000),
        'saltedge_background_fetch_limit',
        'The bank allows 4 background fetches a day and they are spent: the data Salt Edge already has is read; synchronize by hand (user present) if needed.',
      );
    }
    if (error.errorClass !== 'ConnectionAlreadyProcessing') throw error;
    ctx.log.debug('a Salt Edge fetch is already going: waiting for it');
  }
  const deadline = Date.now() + config.refreshTimeoutMs;
  let connection: SaltEdgeConnection;
  for (;;) {
    await sleep(config.refreshPollMs);
    connection = await readConnection(client, connectionId);
    if (connection.last_attempt?.finished !== false) break;
    if (Date.now() > deadline) {
      ctx.log.warn(`Salt Edge refresh still going after ${config.refreshTimeoutMs} ms: reading what is there`);
      return;
    }
  }
  refreshedAt.set(key, Date.now());
  const failed = connection.last_attempt?.fail_error_class;
  if (failed && REAUTH_CLASSES.has(failed)) {
    throw new ProviderError({
      class: 'reauth',
      code: `saltedge_${failed}`,
      message: `The bank refused Salt Edge's refresh (${failed}): use Reconnect to give the consent again.`,
    });
  }
  if (failed) ctx.log.warn(`Salt Edge refresh failed (${failed}): reading what is there`);
}
