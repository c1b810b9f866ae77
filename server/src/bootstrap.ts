import type { Core } from '@strapi/strapi';
import { ACTION_DEFINITIONS } from './constants';
import { getService } from './utils/get-service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(ACTION_DEFINITIONS);

  const config = getService(strapi, 'settings').get();
  // Providers registered by the app or other plugins in their register() are known by now.
  getService(strapi, 'providers').assertConfig(config.providers as Record<string, Record<string, unknown>>);
  if (!getService(strapi, 'secrets').isConfigured()) {
    strapi.log.warn(
      '[bank-sync] No encryption key is configured: bank credentials cannot be stored until BANK_SYNC_ENCRYPTION_KEY or admin.secrets.encryptionKey is set.',
    );
  }
  getService(strapi, 'scheduler').start();
  strapi.log.debug(`[bank-sync] ready (default time zone ${config.defaultTimeZone})`);
};

export default bootstrap;
