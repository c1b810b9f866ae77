import { LRUCache } from 'lru-cache';
import type { Institution, ProviderContext } from '../types';
import { PlaidClient } from './client';
import { readPlaidConfig, type PlaidConfig } from './config';
import { PlaidHttpError } from './errors';
import { institutionGetSchema, institutionsSearchSchema, type PlaidInstitution } from './schemas';

/** Searches answered lately, per API, countries and text: at most this many, each for `institutionsCacheSeconds`. */
const searches = new LRUCache<string, Institution[]>({ max: 100 });

/** An institution serves several countries at Plaid: the first of ours it serves. */
function toInstitution(i: PlaidInstitution, countries: string[]): Institution {
  return {
    id: i.institution_id,
    name: i.name,
    country: i.country_codes.find((c) => countries.includes(c)) ?? i.country_codes[0] ?? null,
    // Plaid gives its logo as base64 PNG data, not a URL: the admin shows none.
    logoUrl: null,
  };
}

function countriesFor(config: PlaidConfig, country?: string): string[] {
  const wanted = country?.trim().toUpperCase();
  return wanted ? config.countryCodes.filter((c) => c === wanted) : config.countryCodes;
}

/** POST /institutions/search for the configured countries, institutions offering transactions; cached (bounded LRU). */
export async function searchPlaidInstitutions(
  ctx: ProviderContext,
  { search, country }: { search?: string; country?: string },
): Promise<Institution[]> {
  const config = readPlaidConfig(ctx.config);
  // Plaid not set up here (no client id and secret): it serves no bank, and says nothing.
  if (!config.clientId || !config.clientSecret) return [];
  const countries = countriesFor(config, country);
  const query = search?.trim() ?? '';
  // Plaid searches by a non-empty query only; a country it is not configured for has none.
  if (!query || countries.length === 0) return [];
  const key = `${config.apiUrl}|${countries.join(',')}|${query.toLowerCase()}`;
  const ttl = config.institutionsCacheSeconds * 1000;
  const cached = ttl > 0 ? searches.get(key) : undefined;
  if (cached) return cached;
  const client = new PlaidClient(config, ctx);
  const answer = await client.post(
    '/institutions/search',
    { query, products: ['transactions'], country_codes: countries },
    institutionsSearchSchema,
  );
  const list = answer.institutions.map((i) => toInstitution(i, countries));
  if (ttl > 0) searches.set(key, list, { ttl });
  return list;
}

/** POST /institutions/get_by_id: one institution, or null when Plaid knows no such id. */
export async function findPlaidInstitution(ctx: ProviderContext, id: string): Promise<Institution | null> {
  const config = readPlaidConfig(ctx.config);
  const client = new PlaidClient(config, ctx);
  try {
    const { institution } = await client.post(
      '/institutions/get_by_id',
      { institution_id: id, country_codes: config.countryCodes },
      institutionGetSchema,
    );
    return toInstitution(institution, config.countryCodes);
  } catch (error) {
    if (error instanceof PlaidHttpError && error.errorCode === 'INVALID_INSTITUTION') return null;
    throw error;
  }
}
