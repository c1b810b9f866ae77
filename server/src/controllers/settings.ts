import type { Core } from '@strapi/strapi';
import type { GetSettings } from '../../../shared/contracts/settings';
import { getService } from '../utils/get-service';
import { handle } from './http';

const settings = ({ strapi }: { strapi: Core.Strapi }) => ({
  get: handle(async (): Promise<GetSettings.Response> => {
    const config = getService(strapi, 'settings').get();
    return {
      data: {
        defaultTimeZone: config.defaultTimeZone,
        encryptionConfigured: getService(strapi, 'secrets').isConfigured(),
        scheduler: config.scheduler,
        sync: config.sync,
        webhooksEnabled: config.webhooks.enabled,
      },
    };
  }),
});

export default settings;
