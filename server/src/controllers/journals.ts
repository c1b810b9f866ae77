import type { Core } from '@strapi/strapi';
import { createJournalBody, type CreateJournal, type ListJournals } from '../../../shared/contracts/journals';
import { getService } from '../utils/get-service';
import { handle, parseId, parseInput } from './http';

const journals = ({ strapi }: { strapi: Core.Strapi }) => ({
  list: handle(async (): Promise<ListJournals.Response> => ({ data: await getService(strapi, 'journals').list() })),

  findOne: handle(async (ctx) => ({ data: await getService(strapi, 'journals').findOne(parseId(ctx.params.id)) })),

  create: handle(async (ctx): Promise<CreateJournal.Response> => {
    const body = parseInput(createJournalBody, ctx.request.body);
    ctx.status = 201;
    return { data: await getService(strapi, 'journals').create(body) };
  }),
});

export default journals;
