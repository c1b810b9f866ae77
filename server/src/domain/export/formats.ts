import type { ExportFormat } from '../../../../shared/contracts/export';
import { statementCamt053 } from './camt053';
import { statementCsv } from './csv';
import { statementOfx } from './ofx';
import type { StatementFile } from './statement-file';

/** Each format: how it is written, its media type and its file extension. */
export const FORMATS: Record<ExportFormat, { write: (file: StatementFile) => string; contentType: string; extension: string }> = {
  csv: { write: statementCsv, contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  camt053: { write: statementCamt053, contentType: 'application/xml; charset=utf-8', extension: 'camt053.xml' },
  ofx: { write: statementOfx, contentType: 'application/x-ofx; charset=utf-8', extension: 'ofx' },
};

/** A file name safe in a header and on every file system: letters, digits, dot, dash, underscore. */
export function fileName(base: string, format: ExportFormat): string {
  const safe =
    base
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/[-.]{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 100) || 'statement';
  return `${safe}.${FORMATS[format].extension}`;
}
