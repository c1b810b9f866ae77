import type { Core } from '@strapi/strapi';
import type { ListEvents } from '../../../shared/contracts/events';
import { getService } from '../utils/get-service';
import { handle } from './http';

const events = ({ strapi }: { strapi: Core.Strapi }) => ({
  list: handle(async (): Promise<ListEvents.Response> => ({ data: getService(strapi, 'events').list() })),
});

export default events;
