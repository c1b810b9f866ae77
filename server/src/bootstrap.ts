import type { Core } from '@strapi/strapi';
import { ACTION_DEFINITIONS } from './constants';
import { ensureLinkConstraints } from './database/account-journal-links';
import { resealCredentials } from './database/reseal-credentials';
import { getService } from './utils/get-service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(ACTION_DEFINITIONS);

  // What admins changed in Settings, over the configuration file.
  const config = await getService(strapi, 'settings').load();
  // Providers registered by the app or other plugins in their register() are known by now.
  getService(strapi, 'providers').assertConfig(getService(strapi, 'settings').configured().providers);
  if (!getService(strapi, 'secrets').isConfigured()) {
    strapi.log.warn(
      '[bank-sync] No encryption key is configured: bank credentials cannot be stored until BANK_SYNC_ENCRYPTION_KEY or admin.secrets.encryptionKey is set.',
    );
  }
  // Key rotation: what an older key sealed is sealed again with the current one.
  if (getService(strapi, 'secrets').isConfigured()) await resealCredentials(strapi);
  // At most one account per journal, as a database constraint.
  await ensureLinkConstraints(strapi);
  // The lines' text index (made once, with the lines already there).
  await getService(strapi, 'line-search').ensure();
  // Events for other code, open to Strapi webhooks; why reminders would not be e-mailed, said once.
  getService(strapi, 'events').registerWebhookEvents();
  getService(strapi, 'consent-reminders').announce();
  getService(strapi, 'scheduler').start();
  strapi.log.debug(`[bank-sync] ready (default time zone ${config.defaultTimeZone})`);
};

export default bootstrap;
