import { z } from 'zod';
import type { ConnectionView } from './connections';
import { journalCode, localDate, STATEMENT_PERIODICITIES, timeZone } from './journals';

export const startConnectBody = z
  .object({
    providerId: z.string().min(1).max(64),
    institutionId: z.string().min(1).max(255),
    institutionName: z.string().max(255).optional(),
    institutionCountry: z.string().length(2).optional(),
    /** Provider credentials entered by the admin (Ponto: clientId, clientSecret). */
    credentials: z.record(z.string(), z.string().max(4096)).optional(),
    frequencyMinutes: z.number().int().min(5).max(43_200).optional(),
  })
  .strict();

export const completeConnectBody = z
  .object({
    state: z.string().min(10).max(200),
    /** The query parameters the provider sent back (code, error, ...). */
    params: z.record(z.string(), z.string().max(4096)),
  })
  .strict();

export const updateCredentialsBody = z.object({ credentials: z.record(z.string(), z.string().min(1).max(4096)) }).strict();

export const reauthorizeBody = z.object({ accountId: z.number().int().positive().optional() }).strict();

export const selectAccountsBody = z
  .object({
    accounts: z
      .array(
        z
          .object({
            accountId: z.number().int().positive(),
            action: z.enum(['create', 'link', 'none']),
            journalId: z.number().int().positive().optional(),
            /** For `create`: the new journal (time zone and periodicity default to the plugin's). */
            journal: z
              .object({
                name: z.string().trim().min(1).max(120),
                code: journalCode,
                timeZone: timeZone.optional(),
                statementPeriodicity: z.enum(STATEMENT_PERIODICITIES).optional(),
              })
              .strict()
              .optional(),
            /** The first booking date to import ('YYYY-MM-DD'); default: `sync.firstFetchDays` back. */
            firstFetchDate: localDate.optional(),
          })
          .strict(),
      )
      .min(1),
    frequencyMinutes: z.number().int().min(5).max(43_200).optional(),
  })
  .strict();

export interface InstitutionView {
  id: string;
  name: string;
  country: string | null;
  providerId: string;
  beta: boolean;
  deprecated: boolean;
  /** The provider's own status of the institution (Ponto: 'stable', 'beta', ...), if any. */
  status: string | null;
  /** The institution's logo (an https or data:image URL), when its provider gives one. */
  logoUrl: string | null;
}

export interface OnlineAccountView {
  id: number;
  providerAccountId: string;
  name: string | null;
  accountNumber: string | null;
  currency: string | null;
  /** The bank's balance, as a decimal string in `currency`. */
  balance: string | null;
  balanceDate: string | null;
  /** When this account's bank consent ends, if the provider says. */
  consentExpiresAt: string | null;
  /** The first booking date imported ('YYYY-MM-DD'); null: the configured history window. */
  firstFetchDate: string | null;
  journalId: number | null;
}

/** GET /bank-sync/providers */
export declare namespace ListProviders {
  interface Response {
    data: Array<{
      id: string;
      displayName: string;
      capabilities: Record<string, boolean>;
      /** What Update Credentials asks for; empty: the connection's credentials come from the consent only. */
      credentialFields: Array<{ key: string; label: string; secret: boolean }>;
    }>;
  }
}
/** GET /bank-sync/institutions?providerId=&search=&country= */
export declare namespace SearchInstitutions {
  interface Response {
    data: InstitutionView[];
  }
}
/** POST /bank-sync/connect */
export declare namespace StartConnect {
  interface Request {
    body: z.input<typeof startConnectBody>;
  }
  interface Response {
    data: { connectionId: number; url: string };
  }
}
/** POST /bank-sync/connect/complete */
export declare namespace CompleteConnect {
  interface Request {
    body: z.input<typeof completeConnectBody>;
  }
  interface Response {
    data: { connection: ConnectionView; accounts: OnlineAccountView[] };
  }
}
/** POST /bank-sync/connections/:id/reconnect and /reauthorize */
export declare namespace ConnectUrl {
  interface Response {
    data: { url: string };
  }
}
/** PUT /bank-sync/connections/:id/credentials */
export declare namespace UpdateCredentials {
  interface Request {
    body: z.input<typeof updateCredentialsBody>;
  }
  interface Response {
    data: ConnectionView;
  }
}
/** GET /bank-sync/connections/:id/accounts and PUT (select accounts, journal actions) */
export declare namespace ConnectionAccounts {
  interface Request {
    body: z.input<typeof selectAccountsBody>;
  }
  interface Response {
    data: OnlineAccountView[];
  }
}
