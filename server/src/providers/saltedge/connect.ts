import { randomBytes } from 'node:crypto';
import {
  ProviderError,
  type CompleteConnectInput,
  type ConnectionCredentials,
  type ProviderContext,
  type StartConnectInput,
} from '../types';
import type { SaltEdgeClient } from './client';
import type { SaltEdgeConfig, SaltEdgeData } from './config';
import { consentEnd, readConnection, readConsent } from './consent';
import { saltEdgeClient } from './connection';
import { SaltEdgeHttpError } from './errors';
import { connectionSchema, connectSessionSchema, customerSchema, documentSchema, listSchema } from './schemas';

const customerDocument = documentSchema(customerSchema);
const sessionDocument = documentSchema(connectSessionSchema);
const connectionList = listSchema(connectionSchema);

const FETCH_SCOPES = ['accounts', 'transactions'];
/** A Salt Edge id or error class as it may appear in a callback URL. */
const SAFE_ID = /^[A-Za-z0-9_-]{1,64}$/;

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);

/**
 * Salt Edge sends the user back to `return_to` without an OAuth `state`: the state rides in
 * `return_to`'s own query, and comes back with the callback's parameters.
 */
function returnTo(redirectUri: string, state: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('state', state);
  return url.toString();
}

/** POST /customers: one Salt Edge customer per plugin connection, named by a random identifier. */
async function createCustomer(client: SaltEdgeClient): Promise<string> {
  const identifier = `bank-sync-${randomBytes(12).toString('hex')}`;
  const { data } = await client.request('POST', '/customers', customerDocument, { data: { data: { identifier } } });
  return data.customerId;
}

function sessionBody(config: SaltEdgeConfig, customerId: string, institutionId: string, redirect: string): Record<string, unknown> {
  const fromDate = isoDay(-config.historyDays);
  const consent = { scopes: config.consentScopes, from_date: fromDate };
  const attempt = { return_to: redirect, fetch_scopes: FETCH_SCOPES, from_date: fromDate };
  if (config.apiVersion === 'v5') {
    return {
      customer_id: customerId,
      consent,
      attempt,
      daily_refresh: config.dailyRefresh,
      ...(institutionId ? { provider_code: institutionId } : {}),
      ...(config.includeFakeProviders ? { include_fake_providers: true } : {}),
    };
  }
  return {
    customer_id: customerId,
    consent,
    attempt,
    automatic_refresh: config.dailyRefresh,
    ...(institutionId || config.includeFakeProviders
      ? {
          provider: {
            ...(institutionId ? { code: institutionId } : {}),
            ...(config.includeFakeProviders ? { include_sandboxes: true } : {}),
          },
        }
      : {}),
  };
}

/**
 * Where the admin gives the bank consent (§3.2): a connect session for a new connection (the
 * customer made first), a reconnect session for one Salt Edge already knows (Reconnect).
 */
export async function startSaltEdgeConnect(
  ctx: ProviderContext,
  { institutionId, redirectUri, state }: StartConnectInput,
): Promise<{ url: string }> {
  const { config, client } = saltEdgeClient(ctx);
  const data = (ctx.providerData ?? {}) as SaltEdgeData;
  const redirect = returnTo(redirectUri, state);
  let customerId = data.customerId;
  if (!customerId) {
    customerId = await createCustomer(client);
    // Kept at once: the callback finds the customer's connection by it.
    ctx.providerData = { ...ctx.providerData, customerId };
    await ctx.saveProviderData(ctx.providerData);
  }
  const body = sessionBody(config, customerId, institutionId, redirect);
  if (data.connectionId) {
    const path =
      config.apiVersion === 'v5' ? '/connect_sessions/reconnect' : `/connections/${encodeURIComponent(data.connectionId)}/reconnect`;
    const reconnect = config.apiVersion === 'v5' ? { ...body, connection_id: data.connectionId } : body;
    const answer = await client.request('POST', path, sessionDocument, { data: { data: reconnect } });
    return { url: answer.data.connect_url };
  }
  const path = config.apiVersion === 'v5' ? '/connect_sessions/create' : '/connections/connect';
  const answer = await client.request('POST', path, sessionDocument, { data: { data: body } });
  return { url: answer.data.connect_url };
}

/** The customer's newest connection, for a return without `connection_id`. */
async function newestConnectionOf(client: SaltEdgeClient, customerId: string): Promise<string | null> {
  const page = await client.request('GET', '/connections', connectionList, { query: { customer_id: customerId } });
  const newest = [...page.data].sort((a, b) => String(b.updated_at ?? '').localeCompare(String(a.updated_at ?? '')))[0];
  return newest?.id ?? null;
}

/** A failed or refused consent, as the return URL tells it (`error_class`, `error_message`). */
function refusal(errorClass: string): ProviderError {
  const known = SAFE_ID.test(errorClass);
  const refused = errorClass === 'ProviderAccessNotGranted' || errorClass === 'AccessDenied';
  return new ProviderError({
    class: 'reauth',
    code: known ? `saltedge_${errorClass}` : 'saltedge_connect_failed',
    message: refused
      ? 'The consent was refused at the bank: nothing was connected.'
      : `Salt Edge could not connect the bank${known ? ` (${errorClass})` : ''}: start Connect again.`,
  });
}

/**
 * The return from Salt Edge Connect: the connection it names (or the customer's newest), checked
 * to be this customer's, and the end of its consent. Nothing secret is kept: Salt Edge is
 * called with the plugin's App-id and Secret.
 */
export async function completeSaltEdgeConnect(
  ctx: ProviderContext,
  { params }: CompleteConnectInput,
): Promise<{
  credentials: ConnectionCredentials;
  providerData: Record<string, unknown>;
  consentExpiresAt: Date | null;
  externalId: string;
}> {
  const { client } = saltEdgeClient(ctx);
  const data = (ctx.providerData ?? {}) as SaltEdgeData;
  if (params.error_class) throw refusal(params.error_class);
  if (!data.customerId) {
    throw new ProviderError({
      class: 'invalid-request',
      code: 'saltedge_no_customer',
      message: 'This Salt Edge return belongs to no Connect started here: start Connect again.',
    });
  }
  const named = params.connection_id && SAFE_ID.test(params.connection_id) ? params.connection_id : null;
  const connectionId = named ?? (await newestConnectionOf(client, data.customerId));
  if (!connectionId) {
    throw new ProviderError({
      class: 'reauth',
      code: 'saltedge_no_connection',
      message: 'Salt Edge made no connection (the bank login was not finished?): start Connect again.',
    });
  }
  let connection;
  try {
    connection = await readConnection(client, connectionId);
  } catch (error) {
    if (error instanceof SaltEdgeHttpError && error.status === 404) connection = null;
    else throw error;
  }
  if (!connection || (connection.customer_id && connection.customer_id !== data.customerId)) {
    throw new ProviderError({
      class: 'invalid-request',
      code: 'saltedge_foreign_connection',
      message: 'The Salt Edge connection named in the return is not the one this Connect made: start Connect again.',
    });
  }
  const consent = await readConsent(client, connection);
  return {
    credentials: {},
    providerData: { customerId: data.customerId, connectionId: connection.id },
    consentExpiresAt: consentEnd(consent),
    externalId: connection.id,
  };
}
