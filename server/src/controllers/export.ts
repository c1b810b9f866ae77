import type { Core } from '@strapi/strapi';
import { journalExportQuery, statementExportQuery } from '../../../shared/contracts/export';
import type { ExportedFile } from '../services/statement-export';
import { getService } from '../utils/get-service';
import { handle, parseId, parseInput, type AdminContext } from './http';

/** Answers a file: its media type, and a download named after the statement or range. */
function sendFile(ctx: AdminContext, file: ExportedFile): string {
  ctx.type = file.contentType;
  ctx.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
  ctx.set('Cache-Control', 'no-store');
  ctx.set('X-Content-Type-Options', 'nosniff');
  return file.body;
}

const exportController = ({ strapi }: { strapi: Core.Strapi }) => ({
  statement: handle(async (ctx) => {
    const { format } = parseInput(statementExportQuery, ctx.query);
    return sendFile(ctx, await getService(strapi, 'statement-export').statement(parseId(ctx.params.id), format));
  }),

  journal: handle(async (ctx) => {
    const query = parseInput(journalExportQuery, ctx.query);
    return sendFile(ctx, await getService(strapi, 'statement-export').journalRange(parseId(ctx.params.id), query));
  }),
});

export default exportController;
