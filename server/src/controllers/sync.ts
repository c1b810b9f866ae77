import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import {
  synchronizeBody,
  type FetchAccounts,
  type ListActiveRuns,
  type ListRuns,
  type SynchronizeAll,
  type SynchronizeNow,
} from '../../../shared/contracts/sync';
import { getService } from '../utils/get-service';
import { handle, parseId, parseInput } from './http';

const listRunsQuery = z
  .object({
    connectionId: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  })
  .strict();

const sync = ({ strapi }: { strapi: Core.Strapi }) => ({
  runConnection: handle(async (ctx): Promise<SynchronizeNow.Response> => {
    const { from } = parseInput(synchronizeBody, ctx.request.body);
    return { data: await getService(strapi, 'sync').runConnection(parseId(ctx.params.id), { trigger: 'manual', from }) };
  }),

  syncJournal: handle(async (ctx): Promise<SynchronizeNow.Response> => ({
    data: await getService(strapi, 'sync').syncJournal(parseId(ctx.params.id)),
  })),

  syncAll: handle(async (): Promise<SynchronizeAll.Response> => ({ data: await getService(strapi, 'sync').syncAll() })),

  fetchAccounts: handle(async (ctx): Promise<FetchAccounts.Response> => ({
    data: await getService(strapi, 'sync').fetchAccounts(parseId(ctx.params.id)),
  })),

  activeRuns: handle(async (): Promise<ListActiveRuns.Response> => ({ data: await getService(strapi, 'sync-runs').active() })),

  listRuns: handle(async (ctx): Promise<ListRuns.Response> => ({
    data: await getService(strapi, 'sync-runs').list(parseInput(listRunsQuery, ctx.query)),
  })),
});

export default sync;
