import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import {
  completeConnectBody,
  reauthorizeBody,
  selectAccountsBody,
  startConnectBody,
  updateCredentialsBody,
  type CompleteConnect,
  type ConnectionAccounts,
  type ConnectUrl,
  type ListProviders,
  type SearchInstitutions,
  type StartConnect,
  type UpdateCredentials,
} from '../../../shared/contracts/connect';
import { getService } from '../utils/get-service';
import { handle, parseId, parseInput, type AdminContext } from './http';

const institutionsQuery = z
  .object({
    providerId: z.string().min(1).max(64),
    search: z.string().trim().max(100).optional(),
    country: z.string().length(2).optional(),
  })
  .strict();

const adminId = (ctx: AdminContext): number => Number((ctx.state as { user?: { id?: unknown } }).user?.id);

const connect = ({ strapi }: { strapi: Core.Strapi }) => ({
  providers: handle(async (): Promise<ListProviders.Response> => ({
    data: getService(strapi, 'providers')
      .list()
      .map((p) => ({
        id: p.id,
        displayName: p.displayName,
        capabilities: { ...p.capabilities },
        credentialFields: p.credentialFields.map(({ key, label, secret }) => ({ key, label, secret })),
      })),
  })),

  institutions: handle(async (ctx): Promise<SearchInstitutions.Response> => {
    const query = parseInput(institutionsQuery, ctx.query);
    return { data: await getService(strapi, 'connect').institutions(query.providerId, query) };
  }),

  start: handle(async (ctx): Promise<StartConnect.Response> => ({
    data: await getService(strapi, 'connect').start(parseInput(startConnectBody, ctx.request.body), adminId(ctx)),
  })),

  complete: handle(async (ctx): Promise<CompleteConnect.Response> => {
    const body = parseInput(completeConnectBody, ctx.request.body);
    return { data: await getService(strapi, 'connect').complete(body.state, body.params, adminId(ctx)) };
  }),

  reconnect: handle(async (ctx): Promise<ConnectUrl.Response> => ({
    data: { url: await getService(strapi, 'connect').reconnect(parseId(ctx.params.id), adminId(ctx)) },
  })),

  reauthorize: handle(async (ctx): Promise<ConnectUrl.Response> => {
    const body = parseInput(reauthorizeBody, ctx.request.body);
    return { data: { url: await getService(strapi, 'connect').reauthorize(parseId(ctx.params.id), body.accountId, adminId(ctx)) } };
  }),

  updateCredentials: handle(async (ctx): Promise<UpdateCredentials.Response> => {
    const body = parseInput(updateCredentialsBody, ctx.request.body);
    return { data: await getService(strapi, 'connect').updateCredentials(parseId(ctx.params.id), body.credentials) };
  }),

  accounts: handle(async (ctx): Promise<ConnectionAccounts.Response> => {
    const id = parseId(ctx.params.id);
    await getService(strapi, 'connections').findOne(id);
    return { data: await getService(strapi, 'connect').accountsOf(id) };
  }),

  selectAccounts: handle(async (ctx): Promise<ConnectionAccounts.Response> => {
    const id = parseId(ctx.params.id);
    await getService(strapi, 'connections').findOne(id);
    return { data: await getService(strapi, 'connect').selectAccounts(id, parseInput(selectAccountsBody, ctx.request.body)) };
  }),
});

export default connect;
