import { randomBytes } from 'node:crypto';
import { ProviderError, type ProviderContext } from '../types';
import { YodleeClient } from './client';
import { readYodleeConfig, type YodleeConfig, type YodleeCredentials } from './config';

/** The Yodlee user of a new connection: the configured one, or one of its own. */
export function newLoginName(config: YodleeConfig): string {
  return config.loginName ?? `${config.loginNamePrefix}${randomBytes(12).toString('hex')}`;
}

/**
 * The configuration, the client (the connection's Yodlee user) and the provider account of a
 * connection's call. A connection whose consent never completed has no provider account.
 */
export function yodleeConnection(ctx: ProviderContext): {
  config: YodleeConfig;
  client: YodleeClient;
  providerAccountId: string;
} {
  const config = readYodleeConfig(ctx.config);
  const creds = (ctx.credentials ?? {}) as YodleeCredentials;
  if (!creds.loginName || !creds.providerAccountId) {
    throw new ProviderError({
      class: 'reauth',
      code: 'yodlee_not_linked',
      message: 'This connection was never linked at Yodlee (FastLink did not finish): use Reconnect.',
    });
  }
  return { config, client: new YodleeClient(config, ctx, creds.loginName, true), providerAccountId: creds.providerAccountId };
}
