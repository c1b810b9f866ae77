import { z } from 'zod';
import { isCurrency } from '../domain/currency';
import { isTimeZone } from '../domain/time-zone';
import type { ConnectionState, Warning } from './connections';
import type { ErrorClass } from './sync';

export const STATEMENT_PERIODICITIES = ['none', 'day', 'week', 'bimonthly', 'month'] as const;
export type StatementPeriodicity = (typeof STATEMENT_PERIODICITIES)[number];

export interface JournalView {
  id: number;
  documentId: string;
  name: string;
  code: string;
  currency: string;
  bankAccountNumber: string | null;
  statementPeriodicity: StatementPeriodicity;
  timeZone: string;
  onlineAccount: {
    id: number;
    name: string | null;
    accountNumber: string | null;
    connectionId: number | null;
  } | null;
  /** The connection feeding this journal, with its state. */
  connection: {
    id: number;
    providerId: string;
    institutionName: string | null;
    state: ConnectionState;
    autoSync: boolean;
    /** Last attempt, successful or not. */
    lastSyncAt: string | null;
    /** Last run that imported every account. */
    lastSuccessAt: string | null;
    nextSyncAt: string | null;
    /** This journal's account's consent end (else the connection's). */
    consentExpiresAt: string | null;
    lastError: { code: string | null; class: ErrorClass | null; reference: string | null } | null;
  } | null;
  warnings: Warning[];
  /** Closing balance of the latest statement, as a decimal string; null before any statement. */
  balance: string | null;
  /** The bank's balance of the linked account as its provider last reported it (decimal string), and when. */
  bankBalance: string | null;
  bankBalanceDate: string | null;
  createdAt: string;
  updatedAt: string;
}

/** An IANA time zone such as Europe/Brussels. */
export const timeZone = z.string().refine(isTimeZone, { message: 'must be an IANA time zone such as Europe/Brussels' });

/** A calendar date, 'YYYY-MM-DD'. */
export const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .refine(
    (value) => {
      const date = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
    },
    { message: 'is not a calendar date' },
  );

export const journalCode = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(16, 'has at most 16 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'uses letters, digits, "-" and "_" only');

export const createJournalBody = z
  .object({
    name: z.string().trim().min(1, 'is required').max(120),
    code: journalCode,
    currency: z
      .string()
      .trim()
      .transform((c) => c.toUpperCase())
      .refine(isCurrency, { message: 'must be an ISO 4217 currency code such as EUR' }),
    bankAccountNumber: z.string().trim().max(64).nullish(),
    statementPeriodicity: z.enum(STATEMENT_PERIODICITIES).optional(),
    timeZone: timeZone.optional(),
  })
  .strict();

/** GET /bank-sync/journals */
export declare namespace ListJournals {
  interface Response {
    data: JournalView[];
  }
}

/** POST /bank-sync/journals */
export declare namespace CreateJournal {
  interface Request {
    body: z.input<typeof createJournalBody>;
  }
  interface Response {
    data: JournalView;
  }
}
