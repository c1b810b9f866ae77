import type { BankProvider } from '../types';
import { zodProblems } from '../zod-problems';
import { fetchYodleeAccounts } from './accounts';
import { yodleeConfigSchema } from './config';
import { completeYodleeConnect, startYodleeConnect } from './connect';
import { classifyYodlee } from './errors';
import { findYodleeInstitution, searchYodleeInstitutions } from './institutions';
import { requestYodleeRefresh } from './refresh';
import { fetchYodleeTransactions } from './transactions';

/**
 * Yodlee (Envestnet) API v1.1, reference §4: client-credentials tokens per Yodlee user, banks
 * linked in FastLink, provider accounts whose status says what the bank needs, offset paging.
 * The application's Client ID and secret come from the configuration (or Settings): a
 * connection keeps only its Yodlee user and provider account.
 */
export const yodleeProvider: BankProvider = {
  id: 'yodlee',
  displayName: 'Yodlee',
  capabilities: { refresh: true, pending: true, webhooks: false, reauthorization: false },

  searchInstitutions: searchYodleeInstitutions,
  findInstitution: findYodleeInstitution,
  startConnect: startYodleeConnect,
  completeConnect: completeYodleeConnect,
  fetchAccounts: fetchYodleeAccounts,
  requestRefresh: (ctx) => requestYodleeRefresh(ctx),
  fetchTransactions: fetchYodleeTransactions,
  classifyError: classifyYodlee,

  validateConfig(config) {
    return zodProblems(yodleeConfigSchema.safeParse(config));
  },
};

export default yodleeProvider;
