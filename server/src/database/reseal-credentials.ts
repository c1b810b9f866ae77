import type { Core } from '@strapi/strapi';
import { TABLES } from '../constants';
import { getService } from '../utils/get-service';

/**
 * Key rotation, at start when `previousEncryptionKeys` is set: every stored credential an
 * older key sealed is sealed again with the current key (connections' credentials, client
 * secrets stored in Settings). Each row is written only if it still holds what was read, so
 * an instance starting at the same time, or a token saved meanwhile, is never overwritten.
 * The log says when the previous keys can be removed.
 */
export async function resealCredentials(strapi: Core.Strapi): Promise<void> {
  if (getService(strapi, 'settings').configured().previousEncryptionKeys.length === 0) return;
  const secrets = getService(strapi, 'secrets');
  const knex = strapi.db.connection;
  let resealed = 0;
  let unreadable = 0;
  const rows = (await knex(TABLES.connections).whereNotNull('credentials').select('id', 'credentials')) as Array<{
    id: number;
    credentials: string;
  }>;
  for (const row of rows) {
    try {
      const next = secrets.resealIfOld(row.credentials);
      if (!next) continue;
      resealed += await knex(TABLES.connections).where({ id: row.id, credentials: row.credentials }).update({ credentials: next });
    } catch {
      unreadable += 1;
    }
  }
  const settings = await getService(strapi, 'settings').resealSecrets();
  resealed += settings.resealed;
  unreadable += settings.unreadable;
  if (unreadable) {
    strapi.log.warn(
      `[bank-sync] key rotation: ${resealed} stored credentials re-encrypted with the current key; ${unreadable} cannot be read with any configured key (those connections ask for Update Credentials)`,
    );
  } else {
    strapi.log.info(
      `[bank-sync] key rotation: ${resealed} stored credentials re-encrypted with the current key; every stored credential now opens with it: previousEncryptionKeys can be removed`,
    );
  }
}
