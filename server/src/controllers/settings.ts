import type { Core } from '@strapi/strapi';
import { updateSettingsBody, type GetDefaults, type GetSettings, type UpdateSettings } from '../../../shared/contracts/settings';
import { getService } from '../utils/get-service';
import { handle, parseInput } from './http';

const settings = ({ strapi }: { strapi: Core.Strapi }) => ({
  get: handle(async (): Promise<GetSettings.Response> => ({ data: getService(strapi, 'settings').view() })),

  defaults: handle(async (): Promise<GetDefaults.Response> => {
    const s = getService(strapi, 'settings').get();
    return {
      data: {
        developerMode: s.developerMode,
        defaultTimeZone: s.defaultTimeZone,
        frequencyMinutes: s.sync.frequencyMinutes,
        firstFetchDays: s.sync.firstFetchDays,
      },
    };
  }),

  update: handle(async (ctx): Promise<UpdateSettings.Response> => {
    await getService(strapi, 'settings').update(parseInput(updateSettingsBody, ctx.request.body));
    return { data: getService(strapi, 'settings').view() };
  }),
});

export default settings;
