import { configSchema, describeConfigError, type PluginConfig } from './schema';

export type { PluginConfig } from './schema';

/**
 * Strapi merges `default` with the app's `config/plugins.ts`, then calls `validator`,
 * which throws (stopping the start) with a message naming every bad key.
 */
export default {
  default: ({ env }: { env: (key: string, fallback?: string) => string | undefined }) => {
    const encryptionKey = env('BANK_SYNC_ENCRYPTION_KEY');
    return encryptionKey ? { encryptionKey } : {};
  },
  validator(config: unknown) {
    const result = configSchema.safeParse(config);
    if (!result.success) throw new Error(describeConfigError(result.error));
  },
};

/** The validated configuration with every default filled in. */
export function parseConfig(raw: unknown): PluginConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new Error(describeConfigError(result.error));
  return result.data;
}
