import { LRUCache } from 'lru-cache';
import type { z } from 'zod';
import type { Institution, ProviderContext } from '../types';
import { PontoClient } from './client';
import { readPontoConfig } from './config';
import { PontoHttpError } from './errors';
import { documentSchema, financialInstitutionSchema, listSchema, type PontoFinancialInstitution } from './schemas';

const institutionList = listSchema(financialInstitutionSchema);
const institutionDocument = documentSchema(financialInstitutionSchema);

/** Searches answered lately, per API and search text: at most this many, each for `institutionsCacheSeconds`. */
export const INSTITUTION_SEARCHES_KEPT = 100;
const searches = new LRUCache<string, Institution[]>({ max: INSTITUTION_SEARCHES_KEPT });

function toInstitution(fi: PontoFinancialInstitution): Institution {
  const a = fi.attributes;
  return {
    id: fi.id,
    name: a.name,
    country: a.country ?? null,
    status: a.status ?? undefined,
    beta: a.status === 'beta',
    deprecated: Boolean(a.deprecated),
  };
}

/** The institution list is public at Ponto (no token): a client without a connection. */
function publicClient(ctx: ProviderContext) {
  const config = readPontoConfig(ctx.config);
  return { config, client: new PontoClient(config, ctx) };
}

/** GET /financial-institutions, every page, filtered by name at Ponto; cached (bounded LRU). */
export async function searchPontoInstitutions(
  ctx: ProviderContext,
  { search, country }: { search?: string; country?: string },
): Promise<Institution[]> {
  const { config, client } = publicClient(ctx);
  const text = search?.trim() ?? '';
  const key = `${config.apiUrl}|${text}`;
  const ttl = config.institutionsCacheSeconds * 1000;
  let list = ttl > 0 ? searches.get(key) : undefined;
  if (!list) {
    list = [];
    let url: string | null = '/financial-institutions';
    let params: Record<string, unknown> | undefined = { 'page[limit]': 100, ...(text ? { 'filter[name][contains]': text } : {}) };
    while (url) {
      const page: z.output<typeof institutionList> = await client.publicGet(url, institutionList, params);
      list.push(...page.data.map(toInstitution));
      params = undefined; // links carry their own query
      url = page.links?.next ?? null;
    }
    if (ttl > 0) searches.set(key, list, { ttl });
  }
  return country ? list.filter((i) => i.country === country.toUpperCase()) : list;
}

/** GET /financial-institutions/{id}: one institution, or null when Ponto knows no such id. */
export async function findPontoInstitution(ctx: ProviderContext, id: string): Promise<Institution | null> {
  const { client } = publicClient(ctx);
  try {
    const { data } = await client.publicGet(`/financial-institutions/${encodeURIComponent(id)}`, institutionDocument);
    return toInstitution(data);
  } catch (error) {
    if (error instanceof PontoHttpError && error.status === 404) return null;
    throw error;
  }
}
