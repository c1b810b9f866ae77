import { ProviderError, type BankProvider } from '../types';
import { zodProblems } from '../zod-problems';
import { fetchSaltEdgeAccounts } from './accounts';
import { SaltEdgeClient } from './client';
import { readSaltEdgeConfig, saltEdgeConfigSchema, type SaltEdgeCredentials, type SaltEdgeData } from './config';
import { completeSaltEdgeConnect, startSaltEdgeConnect } from './connect';
import { classifySaltEdge } from './errors';
import { findSaltEdgeInstitution, searchSaltEdgeInstitutions } from './institutions';
import { requestSaltEdgeRefresh } from './refresh';
import { customerSchema, documentSchema, listSchema } from './schemas';
import { fetchSaltEdgeTransactions } from './transactions';
import { callbackEvent, callbackRefusal } from './webhook';
import { z } from 'zod';

const customerDocument = documentSchema(customerSchema);
const countryList = listSchema(z.unknown());

/** Salt Edge Account Information API (v6, or v5), reference §3: App-id and Secret, customers, connect sessions, from_id paging. */
export const saltEdgeProvider: BankProvider = {
  id: 'saltedge',
  displayName: 'Salt Edge',
  capabilities: { refresh: true, pending: true, webhooks: true, reauthorization: false },
  credentialFields: [
    { key: 'clientId', label: 'App ID', secret: false },
    { key: 'clientSecret', label: 'Secret', secret: true },
  ],

  searchInstitutions: searchSaltEdgeInstitutions,
  findInstitution: findSaltEdgeInstitution,
  startConnect: startSaltEdgeConnect,
  completeConnect: completeSaltEdgeConnect,
  fetchAccounts: fetchSaltEdgeAccounts,
  requestRefresh: requestSaltEdgeRefresh,
  fetchTransactions: fetchSaltEdgeTransactions,

  /**
   * New App-id and Secret for a connection, checked with Salt Edge: they must open this
   * connection's customer (keys of another Salt Edge client would not find it), or, before
   * any customer, list the countries.
   */
  async checkCredentials(ctx, credentials) {
    const config = readSaltEdgeConfig(ctx.config);
    const { clientId, clientSecret } = credentials as SaltEdgeCredentials;
    if (!clientId || !clientSecret) {
      throw new ProviderError({
        class: 'invalid-request',
        code: 'saltedge_missing_client',
        message: 'Enter both the App ID and the Secret.',
      });
    }
    const client = new SaltEdgeClient(config, ctx, { clientId, clientSecret });
    const { customerId } = (ctx.providerData ?? {}) as SaltEdgeData;
    if (customerId) await client.request('GET', `/customers/${encodeURIComponent(customerId)}`, customerDocument);
    else await client.request('GET', '/countries', countryList);
    return { clientId, clientSecret };
  },

  async verifyWebhook(ctx, request) {
    const config = readSaltEdgeConfig(ctx.config);
    const header = request.headers.signature;
    const rawBody = request.rawBody ?? '';
    const refusal = callbackRefusal(config, Array.isArray(header) ? header[0] : header, rawBody);
    if (refusal) {
      ctx.log.warn(`callback refused: ${refusal}`);
      return null;
    }
    // The event is read from the bytes that were signed.
    return callbackEvent(JSON.parse(rawBody));
  },

  classifyError: classifySaltEdge,

  validateConfig(config) {
    return zodProblems(saltEdgeConfigSchema.safeParse(config));
  },
};

export default saltEdgeProvider;
