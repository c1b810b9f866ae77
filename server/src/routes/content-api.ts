/**
 * Public routes. Webhooks authenticate by the provider's signature, not by a token; they
 * answer 404 unless `webhooks.enabled` is true.
 */
export default {
  type: 'content-api' as const,
  routes: [
    {
      method: 'POST',
      path: '/webhooks/:providerId',
      handler: 'webhooks.receive',
      config: { auth: false as const, policies: [] },
    },
  ],
};
