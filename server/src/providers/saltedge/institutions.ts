import { LRUCache } from 'lru-cache';
import type { Institution, ProviderContext } from '../types';
import type { SaltEdgeClient } from './client';
import type { SaltEdgeConfig } from './config';
import { saltEdgeClient } from './connection';
import { SaltEdgeHttpError } from './errors';
import { documentSchema, institutionSchema, listSchema, type SaltEdgeInstitution } from './schemas';

const institutionList = listSchema(institutionSchema);
const institutionDocument = documentSchema(institutionSchema);

/** Countries' lists answered lately, per API and country: at most this many, each for `institutionsCacheSeconds`. */
const lists = new LRUCache<string, Institution[]>({ max: 50 });

/** A Salt Edge provider (a bank) as an institution; its `code` is what Connect names. */
function toInstitution(p: SaltEdgeInstitution): Institution {
  return {
    id: p.code,
    name: p.name,
    country: p.country_code ?? null,
    status: p.status ?? undefined,
    deprecated: p.status === 'disabled',
    logoUrl: p.logo_url ?? null,
  };
}

function fakeParam(config: SaltEdgeConfig): Record<string, boolean> {
  if (!config.includeFakeProviders) return {};
  return config.apiVersion === 'v5' ? { include_fake_providers: true } : { include_sandboxes: true };
}

/** GET /providers of a country (or all), every page. */
async function listAll(client: SaltEdgeClient, config: SaltEdgeConfig, country: string | undefined): Promise<Institution[]> {
  const list: Institution[] = [];
  let fromId: string | null = null;
  do {
    const page: { data: SaltEdgeInstitution[]; meta?: { next_id: string | null } | null } = await client.request(
      'GET',
      '/providers',
      institutionList,
      { query: { country_code: country, from_id: fromId, ...fakeParam(config) } },
    );
    list.push(...page.data.map(toInstitution));
    fromId = page.meta?.next_id ?? null;
  } while (fromId);
  return list;
}

/** The banks Salt Edge serves, of a country or all, filtered by name here (Salt Edge has no name search); cached (bounded LRU). */
export async function searchSaltEdgeInstitutions(
  ctx: ProviderContext,
  { search, country }: { search?: string; country?: string },
): Promise<Institution[]> {
  // Salt Edge not set up here (no App-id and Secret): it serves no bank, and says nothing.
  if (!ctx.config.clientId || !ctx.config.clientSecret) return [];
  const { config, client } = saltEdgeClient(ctx);
  const code = country?.trim().toUpperCase() || undefined;
  const key = `${config.apiUrl}|${code ?? '*'}|${config.includeFakeProviders}`;
  const ttl = config.institutionsCacheSeconds * 1000;
  let list = ttl > 0 ? lists.get(key) : undefined;
  if (!list) {
    list = await listAll(client, config, code);
    if (ttl > 0) lists.set(key, list, { ttl });
  }
  const text = search?.trim().toLowerCase() ?? '';
  return text ? list.filter((i) => i.name.toLowerCase().includes(text) || i.id.toLowerCase().includes(text)) : list;
}

/** GET /providers/{code}: one institution, or null when Salt Edge knows no such code. */
export async function findSaltEdgeInstitution(ctx: ProviderContext, id: string): Promise<Institution | null> {
  const { config, client } = saltEdgeClient(ctx);
  try {
    const { data } = await client.request('GET', `/providers/${encodeURIComponent(id)}`, institutionDocument, { query: fakeParam(config) });
    return toInstitution(data);
  } catch (error) {
    if (error instanceof SaltEdgeHttpError && (error.status === 404 || error.errorClass === 'ProviderNotFound')) return null;
    throw error;
  }
}
