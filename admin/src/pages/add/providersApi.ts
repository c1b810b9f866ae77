import { adminApi } from '@strapi/strapi/admin';
import type { ListProviders } from '../../../../shared/contracts/connect';

/**
 * GET /bank-sync/providers under a name of its own. Strapi's admin already injects a
 * `getProviders` endpoint (its SSO providers) into the shared `adminApi`, and an injected
 * endpoint does not replace an existing one: services/api.ts's `useGetProvidersQuery` calls
 * Strapi's /admin/providers instead of the plugin's route.
 */
const providersApi = adminApi.injectEndpoints({
  endpoints: (builder) => ({
    getBankSyncProviders: builder.query<ListProviders.Response['data'], void>({
      query: () => '/bank-sync/providers',
      transformResponse: (response: ListProviders.Response) => response.data,
    }),
  }),
});

export const { useGetBankSyncProvidersQuery } = providersApi;
