import type { Core } from '@strapi/strapi';
import type { ListConnections } from '../../../shared/contracts/connections';
import { getService } from '../utils/get-service';
import { handle, parseId } from './http';

const connections = ({ strapi }: { strapi: Core.Strapi }) => ({
  list: handle(async (): Promise<ListConnections.Response> => ({
    data: await getService(strapi, 'connections').list(),
  })),

  findOne: handle(async (ctx) => ({ data: await getService(strapi, 'connections').findOne(parseId(ctx.params.id)) })),
});

export default connections;
