import type { Core } from '@strapi/strapi';
import { listLinesQuery, type ListLines, type ListStatements } from '../../../shared/contracts/statements';
import { getService } from '../utils/get-service';
import { handle, parseId, parseInput } from './http';

const statements = ({ strapi }: { strapi: Core.Strapi }) => ({
  listByJournal: handle(async (ctx): Promise<ListStatements.Response> => ({
    data: await getService(strapi, 'statements').listByJournal(parseId(ctx.params.id)),
  })),

  findOne: handle(async (ctx) => ({ data: await getService(strapi, 'statements').findOne(parseId(ctx.params.id)) })),

  statementLines: handle(async (ctx): Promise<ListLines.Response> =>
    getService(strapi, 'statements').lines({ statementId: parseId(ctx.params.id) }, parseInput(listLinesQuery, ctx.query)),
  ),

  journalLines: handle(async (ctx): Promise<ListLines.Response> =>
    getService(strapi, 'statements').lines({ journalId: parseId(ctx.params.id) }, parseInput(listLinesQuery, ctx.query)),
  ),
});

export default statements;
