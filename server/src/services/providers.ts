import type { Core } from '@strapi/strapi';
import { ConfigurationError, validationError } from '../domain/errors';
import plaidProvider from '../providers/plaid';
import pontoProvider from '../providers/ponto';
import saltEdgeProvider from '../providers/saltedge';
import sandboxProvider from '../providers/sandbox';
import yodleeProvider from '../providers/yodlee';
import type { BankProvider, CredentialField } from '../providers/types';

export interface ProviderSummary {
  id: string;
  displayName: string;
  capabilities: BankProvider['capabilities'];
  credentialFields: CredentialField[];
}

const isCredentialField = (f: unknown): f is CredentialField => {
  const field = f as Partial<CredentialField> | null;
  return (
    typeof field?.key === 'string' &&
    /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(field.key) &&
    typeof field.label === 'string' &&
    typeof field.secret === 'boolean'
  );
};

const REQUIRED: Array<keyof BankProvider> = [
  'searchInstitutions',
  'startConnect',
  'completeConnect',
  'fetchAccounts',
  'fetchTransactions',
  'classifyError',
];

/**
 * The provider registry. Built-in providers are registered at start; an app or another
 * plugin adds its own with `strapi.plugin('bank-sync').service('providers').register(p)`
 * (in its register or bootstrap phase).
 */
const providers = ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = new Map<string, BankProvider>([
    [sandboxProvider.id, sandboxProvider],
    [pontoProvider.id, pontoProvider],
    [plaidProvider.id, plaidProvider],
    [saltEdgeProvider.id, saltEdgeProvider],
    [yodleeProvider.id, yodleeProvider],
  ]);

  return {
    register(provider: BankProvider, options: { replace?: boolean } = {}): void {
      if (!provider || typeof provider.id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(provider.id)) {
        throw new ConfigurationError('A provider needs an id of lowercase letters, digits and "-"');
      }
      const missing = REQUIRED.filter((key) => typeof provider[key] !== 'function');
      if (missing.length) {
        throw new ConfigurationError(`Provider "${provider.id}" lacks ${missing.join(', ')}`);
      }
      if (
        provider.credentialFields !== undefined &&
        !(Array.isArray(provider.credentialFields) && provider.credentialFields.every(isCredentialField))
      ) {
        throw new ConfigurationError(`Provider "${provider.id}": credentialFields must be a list of { key, label, secret }`);
      }
      if (registry.has(provider.id) && !options.replace) {
        throw new ConfigurationError(`A provider with id "${provider.id}" is already registered`);
      }
      registry.set(provider.id, provider);
      strapi.log.debug(`[bank-sync] provider ${provider.id} registered`);
    },

    get(id: string): BankProvider {
      const provider = registry.get(id);
      if (!provider) {
        throw new ConfigurationError(`No provider "${id}" is registered; known: ${[...registry.keys()].join(', ')}`);
      }
      return provider;
    },

    /** A provider a request names: an unknown id is the request's mistake (400). */
    known(id: string): string {
      if (!registry.has(id))
        throw validationError(`No provider "${id}"; known: ${[...registry.keys()].join(', ')}`, { field: 'providerId' });
      return id;
    },

    has(id: string): boolean {
      return registry.has(id);
    },

    /**
     * Checks `providers.<id>` of the plugin config for every registered provider that
     * validates its config. Throws one error naming every bad key.
     */
    assertConfig(providersConfig: Record<string, Record<string, unknown>>): void {
      const problems: string[] = [];
      for (const [id, config] of Object.entries(providersConfig)) {
        const provider = registry.get(id);
        if (!provider) {
          // It may still be registered by the app's bootstrap, which runs after this one.
          strapi.log.warn(`[bank-sync] providers.${id} is configured but no provider "${id}" is registered yet`);
          continue;
        }
        for (const problem of provider.validateConfig?.(config) ?? []) problems.push(`bank-sync.providers.${id}.${problem}`);
      }
      if (problems.length) {
        throw new ConfigurationError(`Invalid configuration of plugin bank-sync:\n  - ${problems.join('\n  - ')}`);
      }
    },

    list(): ProviderSummary[] {
      return [...registry.values()].map(({ id, displayName, capabilities, credentialFields }) => ({
        id,
        displayName,
        capabilities,
        credentialFields: credentialFields ?? [],
      }));
    },
  };
};

export default providers;
