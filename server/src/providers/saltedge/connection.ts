import { ProviderError, type ProviderContext } from '../types';
import { SaltEdgeClient } from './client';
import { readSaltEdgeConfig, type SaltEdgeConfig, type SaltEdgeData } from './config';

/** The configuration and client of a call for no connection in particular (institutions, Connect). */
export function saltEdgeClient(ctx: ProviderContext): { config: SaltEdgeConfig; client: SaltEdgeClient } {
  const config = readSaltEdgeConfig(ctx.config);
  return { config, client: new SaltEdgeClient(config, ctx) };
}

/** The configuration, client and Salt Edge ids of a connected connection; one never completed is refused. */
export function saltEdgeConnection(ctx: ProviderContext): {
  config: SaltEdgeConfig;
  client: SaltEdgeClient;
  connectionId: string;
  data: SaltEdgeData;
} {
  const data = (ctx.providerData ?? {}) as SaltEdgeData;
  if (!data.connectionId) {
    throw new ProviderError({
      class: 'reauth',
      code: 'saltedge_not_connected',
      message: 'This connection was never completed at Salt Edge: use Reconnect to give the bank consent.',
    });
  }
  return { ...saltEdgeClient(ctx), connectionId: data.connectionId, data };
}
