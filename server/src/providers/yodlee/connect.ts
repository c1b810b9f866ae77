import {
  ProviderError,
  type CompleteConnectInput,
  type ConnectionCredentials,
  type ProviderContext,
  type StartConnectInput,
} from '../types';
import { YodleeClient } from './client';
import { readYodleeConfig, type YodleeCredentials } from './config';
import { newLoginName } from './connection';
import { YodleeHttpError } from './errors';
import { providerAccountListSchema } from './schemas';
import { linkState, reauthError } from './status';

/**
 * Where the admin links the bank: FastLink (§4.1), with a token of the connection's Yodlee
 * user (a new user for a new connection), deep-linked to the institution chosen (`flow=add`)
 * or, on Reconnect, to the provider account to repair (`flow=edit`). FastLink sends the
 * browser back to our callback, whose `state` is in the callback URL.
 */
export async function startYodleeConnect(
  ctx: ProviderContext,
  { institutionId, redirectUri, state }: StartConnectInput,
): Promise<{ url: string; credentials: ConnectionCredentials }> {
  const config = readYodleeConfig(ctx.config);
  if (!config.fastlinkUrl) {
    throw new ProviderError({
      class: 'config',
      code: 'yodlee_no_fastlink',
      message: 'Set providers.yodlee.fastlinkUrl (the page that opens Yodlee FastLink) to connect a bank through Yodlee.',
    });
  }
  const creds = (ctx.credentials ?? {}) as YodleeCredentials;
  const loginName = creds.loginName ?? newLoginName(config);
  // A token for the user FastLink links the bank to; short-lived, never stored.
  const token = await new YodleeClient(config, ctx, loginName, false).accessToken(true);
  const callback = new URL(redirectUri);
  callback.searchParams.set('state', state);
  const deepLink: Record<string, string> = creds.providerAccountId
    ? { flow: 'edit', providerAccountId: creds.providerAccountId }
    : /^\d+$/.test(institutionId)
      ? { flow: 'add', providerId: institutionId }
      : {};
  const extraParams = new URLSearchParams({ configName: config.fastlinkConfigName, ...deepLink, callback: callback.toString() });
  const url = new URL(config.fastlinkUrl);
  const launch = new URLSearchParams({ accessToken: `Bearer ${token}`, extraParams: extraParams.toString() });
  if (config.fastlinkParamsIn === 'fragment') url.hash = launch.toString();
  else for (const [key, value] of launch) url.searchParams.set(key, value);
  return { url: url.toString(), credentials: { loginName } };
}

/** FastLink's end states that link nothing (its `status`), in the admin's words. */
function notLinked(status: string, reason: string | undefined): ProviderError {
  const abandoned = /ABANDON|CLOSE|EXIT/i.test(status);
  return new ProviderError({
    class: 'reauth',
    code: abandoned ? 'yodlee_fastlink_closed' : 'yodlee_fastlink_failed',
    message: abandoned
      ? 'FastLink was closed before the bank was linked: nothing was connected.'
      : `Yodlee could not link the bank${reason && /^[A-Z_]{1,64}$/.test(reason) ? ` (${reason})` : ''}: start Connect again.`,
  });
}

/**
 * The callback: FastLink's `providerAccountId` (and `status`), checked with Yodlee as this
 * user's provider account in a usable state. The provider account is the connection's own id
 * at Yodlee (`externalId`).
 */
export async function completeYodleeConnect(
  ctx: ProviderContext,
  { params }: CompleteConnectInput,
): Promise<{ credentials: ConnectionCredentials; externalId: string; consentExpiresAt: null }> {
  const config = readYodleeConfig(ctx.config);
  const loginName = (ctx.credentials as YodleeCredentials | null)?.loginName;
  const status = params.status ?? 'SUCCESS';
  if (status !== 'SUCCESS') throw notLinked(status, params.additionalStatus ?? params.reason);
  const providerAccountId = params.providerAccountId;
  if (!loginName || !providerAccountId || !/^\d{1,20}$/.test(providerAccountId)) {
    throw new ProviderError({
      class: 'invalid-request',
      code: 'yodlee_no_provider_account',
      message: 'The FastLink callback names no provider account: start Connect again.',
    });
  }
  const client = new YodleeClient(config, ctx, loginName, true);
  let found;
  try {
    found = await client.request('GET', `/providerAccounts/${providerAccountId}`, providerAccountListSchema);
  } catch (error) {
    if (error instanceof YodleeHttpError && (error.errorCode === 'Y807' || error.status === 404)) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'yodlee_unknown_provider_account',
        message: 'Yodlee knows no such bank link for this connection: start Connect again.',
        providerReference: error.referenceCode,
      });
    }
    throw error;
  }
  const account = found.providerAccount?.find((p) => p.id === providerAccountId);
  if (!account) {
    throw new ProviderError({
      class: 'invalid-request',
      code: 'yodlee_unknown_provider_account',
      message: 'Yodlee knows no such bank link for this connection: start Connect again.',
    });
  }
  const state = linkState(account);
  if (state.kind === 'reauth') throw reauthError(state.reason);
  const kept = (ctx.credentials ?? {}) as YodleeCredentials;
  return {
    credentials: { ...kept, loginName, providerAccountId } as ConnectionCredentials,
    externalId: providerAccountId,
    consentExpiresAt: null,
  };
}
