import { randomUUID } from 'node:crypto';
import {
  ProviderError,
  type CompleteConnectInput,
  type ConnectionCredentials,
  type ProviderContext,
  type StartConnectInput,
} from '../types';
import { PlaidClient } from './client';
import { readPlaidConfig, type PlaidCredentials } from './config';
import { PlaidHttpError } from './errors';
import { exchangeSchema, itemGetSchema, linkTokenCreateSchema, linkTokenGetSchema, type PlaidLinkSession } from './schemas';

/**
 * A stable, non-personal id of the Link user (Plaid's `client_user_id`): the connection's
 * number, which the engine's `state` begins with; a random one when it does not.
 */
function linkUser(state: string): string {
  const connection = /^(\d+)\./.exec(state)?.[1];
  return connection ? `bank-sync-connection-${connection}` : `bank-sync-${randomUUID()}`;
}

/** An Item Plaid no longer has: Reconnect links the bank anew instead of updating it. */
const ITEM_GONE = new Set(['INVALID_ACCESS_TOKEN', 'ITEM_NOT_FOUND']);

/**
 * Connect and Reconnect through Plaid's Hosted Link (§2.2): POST /link/token/create with
 * `hosted_link.completion_redirect_uri` = our callback (with its `state`), and the admin goes
 * to `hosted_link_url`. A connection that has an Item opens Link in update mode (its access
 * token, no products): the consent is renewed, the token stays. One whose Item Plaid no longer
 * has (removed, revoked) links the bank anew. The Link token is kept (encrypted) until the callback.
 */
export async function startPlaidConnect(
  ctx: ProviderContext,
  { institutionId, redirectUri, state }: StartConnectInput,
): Promise<{ url: string; credentials: ConnectionCredentials }> {
  const config = readPlaidConfig(ctx.config);
  const client = new PlaidClient(config, ctx);
  const accessToken = client.creds.accessToken;
  const completion = new URL(redirectUri);
  completion.searchParams.set('state', state);
  const create = (update: boolean) =>
    client.post(
      '/link/token/create',
      {
        client_name: config.clientName,
        language: config.language,
        country_codes: config.countryCodes,
        user: { client_user_id: linkUser(state) },
        hosted_link: { completion_redirect_uri: completion.toString(), url_lifetime_seconds: config.linkLifetimeSeconds },
        ...(config.webhookUrl ? { webhook: config.webhookUrl } : {}),
        ...(update
          ? { access_token: accessToken }
          : {
              products: ['transactions'],
              transactions: { days_requested: config.daysRequested },
              ...(institutionId ? { institution_id: institutionId } : {}),
            }),
      },
      linkTokenCreateSchema,
    );
  let answer;
  try {
    answer = await create(Boolean(accessToken));
  } catch (error) {
    if (!accessToken || !(error instanceof PlaidHttpError) || !ITEM_GONE.has(error.errorCode ?? '')) throw error;
    ctx.log.warn(`the Item of this connection is gone at Plaid (${error.errorCode}): linking the bank anew`);
    answer = await create(false);
  }
  if (!answer.hosted_link_url) {
    throw new ProviderError({
      class: 'config',
      code: 'plaid_no_hosted_link',
      message: 'Plaid gave no Hosted Link URL: Hosted Link must be enabled for your Plaid client (ask Plaid support).',
      providerReference: answer.request_id ?? undefined,
    });
  }
  return { url: answer.hosted_link_url, credentials: { linkToken: answer.link_token } };
}

/** The public token a finished Link session gave, newest session first. */
function publicTokenOf(sessions: PlaidLinkSession[]): string | null {
  for (const session of [...sessions].reverse()) {
    const token = session.results?.item_add_results?.[0]?.public_token ?? session.on_success?.public_token;
    if (token) return token;
  }
  return null;
}

/**
 * The callback: the public token (given by our callback, or read from the Link session with
 * /link/token/get) is exchanged for the Item's access token; in update mode a finished session
 * is enough. The Item's consent end and id come from /item/get.
 */
export async function completePlaidConnect(
  ctx: ProviderContext,
  { params }: CompleteConnectInput,
): Promise<{
  credentials: ConnectionCredentials;
  consentExpiresAt: Date | null;
  externalId: string;
  providerData: Record<string, unknown>;
}> {
  if (params.error) {
    throw new ProviderError({
      class: 'reauth',
      code: 'plaid_link_error',
      message: 'Plaid Link ended with an error: nothing was connected. Start Connect again.',
    });
  }
  const config = readPlaidConfig(ctx.config);
  const client = new PlaidClient(config, ctx);
  const creds = client.creds;
  let publicToken: string | null = params.public_token || null;
  if (!publicToken) {
    if (!creds.linkToken) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'plaid_no_link',
        message: 'No Plaid Link is under way for this connection: start Connect again.',
      });
    }
    const { link_sessions: sessions = [] } = await client.post('/link/token/get', { link_token: creds.linkToken }, linkTokenGetSchema);
    const list = sessions ?? [];
    publicToken = publicTokenOf(list);
    if (!publicToken) {
      const updated = Boolean(creds.accessToken) && list.some((s) => s.finished_at && !s.exit);
      if (!updated) {
        const exited = list.some((s) => s.exit);
        throw new ProviderError(
          exited
            ? {
                class: 'reauth',
                code: 'plaid_link_exited',
                message: 'The bank was not linked at Plaid (Link was left or refused): nothing changed. Start again.',
              }
            : {
                class: 'invalid-request',
                code: 'plaid_link_unfinished',
                message: 'Plaid Link has not finished for this connection: complete it, or start again.',
              },
        );
      }
    }
  }
  let accessToken = creds.accessToken;
  if (publicToken) {
    ({ access_token: accessToken } = await client.post('/item/public_token/exchange', { public_token: publicToken }, exchangeSchema));
  }
  const { item } = await client.post('/item/get', { access_token: accessToken }, itemGetSchema);
  const credentials: PlaidCredentials = { accessToken, linkToken: null };
  return {
    credentials: credentials as ConnectionCredentials,
    consentExpiresAt: item.consent_expiration_time ? new Date(item.consent_expiration_time) : null,
    externalId: item.item_id,
    providerData: {
      plaidItemId: item.item_id,
      plaidInstitutionId: item.institution_id ?? null,
      plaidInstitutionName: item.institution_name ?? null,
    },
  };
}
