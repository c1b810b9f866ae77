import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

/**
 * Keeps connection secrets inside the plugin. The Content Manager (and anything else
 * that goes through the Document Service) returns private attributes to admins, so
 * for every plugin content type this middleware removes the encrypted credentials and
 * the scheduler lease from results, at any depth (a populated connection included),
 * and drops them from incoming data. The plugin itself reads and writes them through
 * the Query Engine, which this middleware does not touch.
 */
const HIDDEN = ['credentials', 'leaseOwner', 'leaseExpiresAt'] as const;
const PLUGIN_UIDS = new Set<string>(Object.values(UID));

function scrub(value: unknown, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) scrub(item, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of HIDDEN) if (key in record) delete record[key];
  for (const child of Object.values(record)) if (child && typeof child === 'object') scrub(child, depth + 1);
}

export function registerHideSecrets(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!PLUGIN_UIDS.has(context.uid)) return next();
    const params = context.params as { data?: Record<string, unknown> } | undefined;
    if (context.uid === UID.connection && params?.data) {
      for (const key of HIDDEN) delete params.data[key];
    }
    const result = await next();
    scrub(result);
    return result;
  });
}
