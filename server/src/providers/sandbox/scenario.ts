import { z } from 'zod';

/**
 * What the sandbox bank holds and how it misbehaves. Defaults come from the plugin config
 * (`providers.sandbox`), and a connection may override them in its provider data
 * (`providerData.scenario`), which is how tests and demos stage a case.
 */
export const scenarioSchema = z
  .object({
    seed: z.number().int().default(1),
    accounts: z.number().int().min(0).max(50).default(2),
    currency: z.string().length(3).default('EUR'),
    /** Posted transactions per account, spread evenly over `days` days up to `endDate`. */
    transactions: z.number().int().min(0).max(10_000_000).default(120),
    days: z.number().int().min(1).max(3_650).default(120),
    /** Last booking day ('YYYY-MM-DD'); default: today (UTC). */
    endDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    pageSize: z.number().int().min(1).max(1_000).default(50),
    /** The newest N transactions of each account are still pending... */
    pending: z.number().int().min(0).default(2),
    /** ...until this is true; then they are posted. */
    postPending: z.boolean().default(false),
    /** A pending transaction has the id it will keep once posted ('same'), or another one ('new'). */
    pendingIdStyle: z.enum(['same', 'new']).default('same'),
    /** Bank balance = opening balance (minor units) + every posted transaction. */
    openingBalance: z.number().int().default(0),
    /** Added to the bank balance the sandbox reports (minor units): a bank that disagrees with its own transactions. */
    balanceOffset: z.number().int().default(0),
    /** Every k-th record comes without an amount (an invalid record). */
    invalidEvery: z.number().int().min(1).optional(),
    /** Every k-th transaction has a twin: same date, amount and label, another id. */
    twinEvery: z.number().int().min(1).optional(),
    /** Fail when asked for this page (1-based, counted from the start of each fetch). */
    failAtPage: z.number().int().min(1).optional(),
    failClass: z.enum(['retry', 'backoff', 'reauth', 'config', 'gone', 'invalid-request']).default('retry'),
    /** Fail when listing accounts. */
    failAccounts: z.boolean().default(false),
    /** Only this account fails (with failAtPage); the others work. */
    failAccount: z.number().int().min(0).optional(),
    /** Consent ends this many days from now. */
    consentDays: z.number().int().optional(),
    /** Per account (by index), the days until its own consent ends; over `consentDays`. */
    accountConsentDays: z.array(z.number().int()).optional(),
    /** Delay per page, to stage a slow bank. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
  })
  .strict();

export type SandboxScenario = z.output<typeof scenarioSchema>;

export function readScenario(config: Record<string, unknown>, providerData: Record<string, unknown>): SandboxScenario {
  const fromConfig = (config.scenario ?? {}) as Record<string, unknown>;
  const fromConnection = (providerData.scenario ?? {}) as Record<string, unknown>;
  return scenarioSchema.parse({ ...fromConfig, ...fromConnection });
}
