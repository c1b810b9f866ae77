import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import type { AdminContext } from './http';

const UNPARSED = Symbol.for('unparsedBody');

/**
 * POST /api/bank-sync/webhooks/:providerId (public route: the provider's signature is the
 * authentication). Off unless `webhooks.enabled`; answers 202 and runs in the background.
 */
const webhooks = ({ strapi }: { strapi: Core.Strapi }) => ({
  async receive(ctx: AdminContext) {
    const reply = (status: number, message: string) => {
      ctx.status = status;
      ctx.body = status < 300 ? { data: { message } } : { data: null, error: { status, name: 'WebhookError', message } };
    };
    if (!getService(strapi, 'settings').get().webhooks.enabled) return reply(404, 'Webhooks are not enabled');
    const providers = getService(strapi, 'providers');
    const providerId = String(ctx.params.providerId ?? '');
    if (!providers.has(providerId)) return reply(404, 'Unknown provider');
    const provider = providers.get(providerId);
    if (!provider.verifyWebhook) return reply(404, 'This provider sends no webhooks');
    const body = ctx.request.body as Record<PropertyKey, unknown> | undefined;
    const rawBody = body?.[UNPARSED];
    if (typeof rawBody !== 'string') {
      strapi.log.error(
        '[bank-sync] webhook refused: enable includeUnparsed on strapi::body (config/middlewares) so signatures can be checked',
      );
      return reply(500, 'The raw body is not available to check the signature');
    }
    const { ctx: providerCtx } = getService(strapi, 'provider-context').forProvider(providerId);
    let event;
    try {
      event = await provider.verifyWebhook(providerCtx, { headers: ctx.request.headers, body, rawBody });
    } catch (error) {
      strapi.log.warn(`[bank-sync] ${providerId} webhook could not be verified: ${(error as Error)?.message ?? error}`);
      return reply(503, 'The signature could not be checked now; retry later');
    }
    if (!event) return reply(401, 'Invalid signature');
    const result = await getService(strapi, 'sync').handleWebhook(providerId, event);
    strapi.log.info(
      `[bank-sync] ${providerId} webhook ${event.event}: connection(s) ${result.connectionIds.join(', ') || '-'}, ${result.started} run(s) started`,
    );
    return reply(202, result.started ? 'Synchronization started' : 'Accepted');
  },
});

export default webhooks;
