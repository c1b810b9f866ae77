import { ProviderError, type BankProvider } from '../types';
import { zodProblems } from '../zod-problems';
import { fetchPlaidAccounts } from './accounts';
import { PlaidClient } from './client';
import { plaidConfigSchema, readPlaidConfig, type PlaidCredentials } from './config';
import { completePlaidConnect, startPlaidConnect } from './connect';
import { removePlaidItem } from './disconnect';
import { classifyPlaid } from './errors';
import { findPlaidInstitution, searchPlaidInstitutions } from './institutions';
import { requestPlaidRefresh } from './refresh';
import { institutionsSearchSchema, itemGetSchema } from './schemas';
import { fetchPlaidTransactions } from './transactions';
import { plaidSignatureRefusal, plaidWebhookEvent } from './webhook';

/** Plaid, reference §2: Hosted Link and Items, /transactions/sync with added, modified and removed. */
export const plaidProvider: BankProvider = {
  id: 'plaid',
  displayName: 'Plaid',
  capabilities: { refresh: true, pending: true, webhooks: true, reauthorization: true },
  credentialFields: [
    { key: 'clientId', label: 'Client ID', secret: false },
    { key: 'clientSecret', label: 'Secret', secret: true },
  ],

  searchInstitutions: searchPlaidInstitutions,
  findInstitution: findPlaidInstitution,
  startConnect: startPlaidConnect,
  completeConnect: completePlaidConnect,
  fetchAccounts: fetchPlaidAccounts,
  requestRefresh: (ctx) => requestPlaidRefresh(ctx),
  disconnect: (ctx) => removePlaidItem(ctx),
  fetchTransactions: fetchPlaidTransactions,

  /** New API keys are tried on the Item (or, before one is linked, on an institution search); the access token stays. */
  async checkCredentials(ctx, credentials) {
    const { clientId, clientSecret } = credentials as PlaidCredentials;
    if (!clientId || !clientSecret) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'plaid_missing_keys',
        message: 'Enter both the client ID and the secret.',
      });
    }
    const client = new PlaidClient(readPlaidConfig(ctx.config), ctx, { clientId, clientSecret });
    const accessToken = (ctx.credentials as PlaidCredentials | null)?.accessToken;
    if (accessToken) await client.post('/item/get', { access_token: accessToken }, itemGetSchema);
    else
      await client.post(
        '/institutions/search',
        { query: 'bank', products: ['transactions'], country_codes: client.config.countryCodes },
        institutionsSearchSchema,
      );
    return { ...(ctx.credentials ?? {}), clientId, clientSecret };
  },

  async verifyWebhook(ctx, request) {
    const config = readPlaidConfig(ctx.config);
    const header = request.headers['plaid-verification'];
    const rawBody = request.rawBody ?? '';
    const refusal = await plaidSignatureRefusal(config, Array.isArray(header) ? header[0] : header, rawBody);
    if (refusal) {
      ctx.log.warn(`webhook refused: ${refusal}`);
      return null;
    }
    try {
      return plaidWebhookEvent(JSON.parse(rawBody));
    } catch {
      return null;
    }
  },

  classifyError: (error) => classifyPlaid(error),

  validateConfig(config) {
    return zodProblems(plaidConfigSchema.safeParse(config));
  },
};

export default plaidProvider;
