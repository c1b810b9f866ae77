import { z } from 'zod';

/** The statement file formats: CSV, ISO 20022 CAMT.053 (camt.053.001.02) and OFX 2 (XML). */
export const EXPORT_FORMATS = ['csv', 'camt053', 'ofx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const format = z.enum(EXPORT_FORMATS, {
  errorMap: () => ({ message: `must be one of ${EXPORT_FORMATS.join(', ')}` }),
});

/** A calendar day that exists ('2026-02-30' does not). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
  }, 'is not a day of the calendar');

/** The longest date range one export covers (about ten years). */
export const MAX_EXPORT_DAYS = 3660;

/** GET /bank-sync/statements/:id/export?format= */
export const statementExportQuery = z.object({ format }).strict();

/** GET /bank-sync/journals/:id/export?format=&from=&to= (booking dates, both included, in the journal's time zone) */
export const journalExportQuery = z
  .object({ format, from: day, to: day })
  .strict()
  .superRefine((query, ctx) => {
    if (query.from > query.to) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: 'must be on or after from' });
    const days = (Date.parse(`${query.to}T00:00:00Z`) - Date.parse(`${query.from}T00:00:00Z`)) / 86_400_000;
    if (days > MAX_EXPORT_DAYS)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['to'], message: `must be at most ${MAX_EXPORT_DAYS} days after from` });
  });

/**
 * The answer of both routes is the file itself, not JSON: its Content-Type says the format and
 * its Content-Disposition names the file (`attachment; filename="BNK1-2026-03.csv"`).
 */
export declare namespace ExportStatement {
  interface Request {
    query: z.input<typeof statementExportQuery>;
  }
}
export declare namespace ExportJournal {
  interface Request {
    query: z.input<typeof journalExportQuery>;
  }
}
