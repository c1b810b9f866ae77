import type { Core } from '@strapi/strapi';
import { findMissingBody, importSelectedBody, type FindMissing, type ImportSelected } from '../../../shared/contracts/finder';
import { getService } from '../utils/get-service';
import { handle, parseId, parseInput } from './http';

/** Find missing transactions on a journal: the dry run, and the import of the selected ones. */
const finder = ({ strapi }: { strapi: Core.Strapi }) => ({
  preview: handle(async (ctx): Promise<FindMissing.Response> => {
    const id = parseId(ctx.params.id);
    const range = parseInput(findMissingBody, ctx.request.body);
    return { data: await getService(strapi, 'finder').preview(id, range) };
  }),

  importSelected: handle(async (ctx): Promise<ImportSelected.Response> => {
    const id = parseId(ctx.params.id);
    const { ids, ...range } = parseInput(importSelectedBody, ctx.request.body);
    return { data: await getService(strapi, 'finder').importSelected(id, range, ids) };
  }),
});

export default finder;
