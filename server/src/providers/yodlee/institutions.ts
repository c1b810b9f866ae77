import { LRUCache } from 'lru-cache';
import { ProviderError, type Institution, type ProviderContext } from '../types';
import { YodleeClient } from './client';
import { readYodleeConfig } from './config';
import { YodleeHttpError } from './errors';
import { providerListSchema, type YodleeProvider } from './schemas';

const searches = new LRUCache<string, Institution[]>({ max: 100 });
/** Institutions a search returns at most (a search names a bank: be specific). */
const SEARCH_TOP = 500;

function toInstitution(p: YodleeProvider): Institution {
  return {
    id: p.id,
    name: p.name,
    country: p.countryISOCode?.toUpperCase() ?? null,
    status: p.status ?? undefined,
    beta: p.status?.toLowerCase() === 'beta',
    logoUrl: p.logo ?? p.favicon ?? null,
  };
}

/**
 * The institution list is read with the admin login's token (or the one configured user's).
 * Null when Yodlee is not set up here (no Client ID and secret): the Add a Bank Account page
 * asks every registered provider, and an app that does not use Yodlee lists none of its banks.
 */
function adminClient(ctx: ProviderContext) {
  const config = readYodleeConfig(ctx.config);
  if (!config.clientId || !config.clientSecret) {
    ctx.log.debug('Yodlee has no Client ID and secret here: no institutions listed');
    return null;
  }
  const login = config.adminLoginName ?? config.loginName;
  if (!login) {
    throw new ProviderError({
      class: 'config',
      code: 'yodlee_no_admin_login',
      message: 'Set providers.yodlee.adminLoginName (the admin login name of your Yodlee application) to search the institutions.',
    });
  }
  return { config, client: new YodleeClient(config, ctx, login, false) };
}

/** GET /providers?name=…: institutions by name at Yodlee, filtered by country here; cached (bounded LRU). */
export async function searchYodleeInstitutions(
  ctx: ProviderContext,
  { search, country }: { search?: string; country?: string },
): Promise<Institution[]> {
  const admin = adminClient(ctx);
  if (!admin) return [];
  const { config, client } = admin;
  const text = search?.trim() ?? '';
  const key = `${config.apiUrl}|${text}`;
  const ttl = config.institutionsCacheSeconds * 1000;
  let list = ttl > 0 ? searches.get(key) : undefined;
  if (!list) {
    const answer = await client.request('GET', '/providers', providerListSchema, {
      params: { ...(text ? { name: text } : {}), top: SEARCH_TOP },
    });
    list = (answer.provider ?? []).map(toInstitution);
    if (ttl > 0) searches.set(key, list, { ttl });
  }
  return country ? list.filter((i) => i.country === country.toUpperCase()) : list;
}

/** GET /providers/{id}: one institution, or null when Yodlee knows no such id. */
export async function findYodleeInstitution(ctx: ProviderContext, id: string): Promise<Institution | null> {
  const admin = adminClient(ctx);
  if (!admin || !/^\d+$/.test(id)) return null;
  const { client } = admin;
  try {
    const answer = await client.request('GET', `/providers/${id}`, providerListSchema);
    const found = answer.provider?.[0];
    return found ? toInstitution(found) : null;
  } catch (error) {
    if (error instanceof YodleeHttpError && (error.status === 404 || error.errorCode === 'Y807')) return null;
    throw error;
  }
}
