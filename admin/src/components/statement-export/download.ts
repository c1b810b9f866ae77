import { getFetchClient } from '@strapi/strapi/admin';
import { EXPORT_FORMATS, type ExportFormat, type ExportJournal, type ExportStatement } from '../../../../shared/contracts/export';
import { PLUGIN_ID } from '../../pluginId';
import type { TranslationKey } from '../../utils/translate';

export { EXPORT_FORMATS, type ExportFormat };

/** How each format is named to an accountant. */
export const FORMAT_LABELS: Record<ExportFormat, TranslationKey> = {
  csv: 'export.format.csv',
  camt053: 'export.format.camt053',
  ofx: 'export.format.ofx',
};

/** The file name the server gave (Content-Disposition), else a plain one. */
function fileNameOf(headers: Headers | undefined, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(headers?.get('Content-Disposition') ?? '');
  return match?.[1] ?? fallback;
}

/** Asks the admin API for the file (with the admin's token) and hands it to the browser as a download. */
async function download(url: string, params: Record<string, string>, fallback: string): Promise<string> {
  const { data, headers } = await getFetchClient().get(url, { params, responseType: 'blob' });
  const name = fileNameOf(headers, fallback);
  const href = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return name;
}

/** GET /bank-sync/statements/:id/export */
export const downloadStatement = (statementId: number, query: ExportStatement.Request['query']) =>
  download(`/${PLUGIN_ID}/statements/${statementId}/export`, { ...query }, `statement-${statementId}`);

/** GET /bank-sync/journals/:id/export */
export const downloadJournalRange = (journalId: number, query: ExportJournal.Request['query']) =>
  download(`/${PLUGIN_ID}/journals/${journalId}/export`, { ...query }, `journal-${journalId}`);
