import { ProviderError, type ProviderContext } from '../types';
import { PontoClient } from './client';
import { readPontoConfig, type PontoConfig, type PontoCredentials } from './config';

const DEPRECATED_TOKEN_MESSAGE =
  "This connection uses Ponto's old single API token, which Ponto has deprecated: it is no longer synchronized. " +
  'Open Update Credentials and enter the Client ID and Secret of your Ponto Connect integration.';

/**
 * The configuration and the client of a connection's call. A connection still holding the
 * deprecated API token (and no Client ID) is refused before anything is sent.
 */
export function pontoConnection(ctx: ProviderContext): { config: PontoConfig; client: PontoClient } {
  const config = readPontoConfig(ctx.config);
  const creds = (ctx.credentials ?? {}) as PontoCredentials;
  if (creds.apiToken && !creds.clientId) {
    throw new ProviderError({ class: 'config', code: 'ponto_deprecated_token', message: DEPRECATED_TOKEN_MESSAGE });
  }
  return { config, client: new PontoClient(config, ctx) };
}
