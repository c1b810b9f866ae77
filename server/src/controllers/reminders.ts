import type { Core } from '@strapi/strapi';
import type { CheckConsentReminders, ListConsentReminders } from '../../../shared/contracts/reminders';
import { getService } from '../utils/get-service';
import { handle, parseId } from './http';

const reminders = ({ strapi }: { strapi: Core.Strapi }) => ({
  list: handle(async (ctx): Promise<ListConsentReminders.Response> => ({
    data: await getService(strapi, 'consent-reminders').list(parseId(ctx.params.id)),
  })),

  check: handle(async (): Promise<CheckConsentReminders.Response> => ({
    data: { sent: await getService(strapi, 'consent-reminders').check() },
  })),
});

export default reminders;
