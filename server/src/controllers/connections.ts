import type { Core } from '@strapi/strapi';
import {
  updateConnectionBody,
  type DisconnectConnection,
  type ListConnections,
  type UpdateConnection,
} from '../../../shared/contracts/connections';
import { connectionRepository } from '../repositories/connections';
import { getService } from '../utils/get-service';
import { handle, parseId, parseInput } from './http';

const connections = ({ strapi }: { strapi: Core.Strapi }) => ({
  list: handle(async (): Promise<ListConnections.Response> => ({
    data: await getService(strapi, 'connections').list(),
  })),

  findOne: handle(async (ctx) => ({ data: await getService(strapi, 'connections').findOne(parseId(ctx.params.id)) })),

  update: handle(async (ctx): Promise<UpdateConnection.Response> => {
    const id = parseId(ctx.params.id);
    await connectionRepository(strapi).edit(id, parseInput(updateConnectionBody, ctx.request.body));
    return { data: await getService(strapi, 'connections').findOne(id) };
  }),

  disconnect: handle(async (ctx): Promise<DisconnectConnection.Response> => {
    const id = parseId(ctx.params.id);
    const { removed, provider } = await getService(strapi, 'sync').disconnect(id);
    return { data: { id, removed, connection: removed ? null : await getService(strapi, 'connections').findOne(id), provider } };
  }),
});

export default connections;
