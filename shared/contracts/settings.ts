import { z } from 'zod';
import { timeZone } from './journals';
import type { RemindersSettingsView } from './reminders';

/** What the admin may change in Settings → Bank Sync (stored; the config file gives the defaults). */
export const updateSettingsBody = z
  .object({
    /** Shows the Online Synchronization pages (technical), as Odoo's developer mode. */
    developerMode: z.boolean().optional(),
    defaultTimeZone: timeZone.optional(),
    frequencyMinutes: z.number().int().min(5).max(43_200).optional(),
    firstFetchDays: z.number().int().min(1).max(3_650).optional(),
    /** A bank balance that differs from the statements after a run: warn only, or fail the run. */
    balanceDrift: z.enum(['warn', 'fail']).optional(),
    /** Business days (Monday–Friday) without a successful run or a new transaction before a feed is called stale. */
    staleBusinessDays: z.number().int().min(1).max(60).optional(),
    /** Per provider: default client id and secret of new connections. A secret is write-only; null erases it. */
    providers: z
      .record(
        z.string().min(1).max(64),
        z
          .object({
            clientId: z.string().trim().min(1).max(255).nullable().optional(),
            clientSecret: z.string().min(1).max(4096).nullable().optional(),
          })
          .strict(),
      )
      .optional(),
  })
  .strict();

export interface SettingsView {
  developerMode: boolean;
  defaultTimeZone: string;
  encryptionConfigured: boolean;
  scheduler: { enabled: boolean; tickRule: string; concurrency: number; leaseSeconds: number };
  sync: {
    frequencyMinutes: number;
    firstFetchDays: number;
    overlapDays: number;
    batchSize: number;
    maxRetryWaitSeconds: number;
    consentWarningDays: number;
    balanceDrift: 'warn' | 'fail';
    staleBusinessDays: number;
  };
  webhooksEnabled: boolean;
  /** Consent reminders (from the configuration file; read-only here). */
  reminders: RemindersSettingsView;
  /**
   * Per registered provider: its default client id, and whether a secret is set (never the
   * secret): stored here in Settings (it can be erased) or given by the server's configuration.
   */
  providers: Record<string, { clientId: string | null; clientSecretSet: boolean; clientSecretSource: 'settings' | 'configuration' | null }>;
}

/** GET /bank-sync/settings: the effective, non-secret configuration. */
export declare namespace GetSettings {
  interface Response {
    data: SettingsView;
  }
}

/** GET /bank-sync/settings/defaults (permission read): what the admin pages need to know. */
export declare namespace GetDefaults {
  interface Response {
    data: { developerMode: boolean; defaultTimeZone: string; frequencyMinutes: number; firstFetchDays: number };
  }
}

/** PUT /bank-sync/settings (permission settings) → the settings as they now are. */
export declare namespace UpdateSettings {
  interface Request {
    body: z.input<typeof updateSettingsBody>;
  }
  interface Response {
    data: SettingsView;
  }
}
