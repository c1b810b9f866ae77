import type { ConnectionCredentials, ProviderContext } from '../../server/src/providers/types';

/** A ProviderContext held in memory, for tests of a provider module against its fake (no Strapi). */
export interface MemoryContext extends ProviderContext {
  /** Every line logged, to check no secret reaches the log. */
  logged: string[];
  /** Waits asked through waitForRetry. */
  waits: Date[];
}

export function memoryContext(
  config: Record<string, unknown>,
  options: { credentials?: ConnectionCredentials | null; providerData?: Record<string, unknown>; maxWaitMs?: number } = {},
): MemoryContext {
  const ctx: MemoryContext = {
    config,
    credentials: options.credentials ?? null,
    providerData: { ...options.providerData },
    logged: [],
    waits: [],
    async saveCredentials(credentials) {
      ctx.credentials = { ...credentials };
    },
    async saveProviderData(data) {
      ctx.providerData = { ...ctx.providerData, ...data };
    },
    log: {
      info: (m) => void ctx.logged.push(m),
      warn: (m) => void ctx.logged.push(m),
      debug: (m) => void ctx.logged.push(m),
    },
    async waitForRetry(until) {
      ctx.waits.push(until);
      const wait = until.getTime() - Date.now();
      if (wait > (options.maxWaitMs ?? 2000)) return false;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      return true;
    },
  };
  return ctx;
}
