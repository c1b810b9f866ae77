import type { Core } from '@strapi/strapi';
import type { z } from 'zod';
import type { SettingsView, updateSettingsBody } from '../../../shared/contracts/settings';
import { parseConfig, type PluginConfig } from '../config';
import { PLUGIN_ID } from '../constants';
import { getService } from '../utils/get-service';

type SettingsInput = z.output<typeof updateSettingsBody>;

/** What admins changed in Settings, as stored (a provider's secret sealed). */
interface StoredSettings {
  developerMode?: boolean;
  defaultTimeZone?: string;
  frequencyMinutes?: number;
  firstFetchDays?: number;
  balanceDrift?: 'warn' | 'fail';
  staleBusinessDays?: number;
  providers?: Record<string, { clientId?: string | null; clientSecret?: string | null }>;
}

/**
 * The plugin's settings: the validated configuration (config/plugins.ts, every default filled
 * in) with what admins changed in Settings → Bank Sync over it. The stored part is read at
 * start, after each change, and on each scheduler tick (so every instance follows).
 */
const settings = ({ strapi }: { strapi: Core.Strapi }) => {
  let config: PluginConfig | undefined;
  let stored: StoredSettings = {};
  let merged: PluginConfig | undefined;
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'settings' });

  function merge(base: PluginConfig, over: StoredSettings): PluginConfig {
    const secrets = getService(strapi, 'secrets');
    const providers = { ...base.providers };
    for (const [id, values] of Object.entries(over.providers ?? {})) {
      const next: Record<string, unknown> = { ...(providers[id] ?? {}) };
      if (values.clientId) next.clientId = values.clientId;
      if (values.clientSecret) {
        try {
          next.clientSecret = secrets.open<string>(values.clientSecret);
        } catch (error) {
          // Another key: the stored secret cannot be read; the configured one (if any) stays.
          strapi.log.warn(`[bank-sync] the ${id} client secret stored in Settings cannot be read: ${(error as Error).message}`);
        }
      }
      providers[id] = next;
    }
    return {
      ...base,
      developerMode: over.developerMode ?? base.developerMode,
      defaultTimeZone: over.defaultTimeZone ?? base.defaultTimeZone,
      sync: {
        ...base.sync,
        frequencyMinutes: over.frequencyMinutes ?? base.sync.frequencyMinutes,
        firstFetchDays: over.firstFetchDays ?? base.sync.firstFetchDays,
        balanceDrift: over.balanceDrift ?? base.sync.balanceDrift,
        staleBusinessDays: over.staleBusinessDays ?? base.sync.staleBusinessDays,
      },
      providers,
    };
  }

  return {
    /** The effective settings. */
    get(): PluginConfig {
      config ??= parseConfig(strapi.config.get(`plugin::${PLUGIN_ID}`));
      merged ??= merge(config, stored);
      return merged;
    },

    /** The configuration file's settings alone (what the stored ones override). */
    configured(): PluginConfig {
      config ??= parseConfig(strapi.config.get(`plugin::${PLUGIN_ID}`));
      return config;
    },

    /** Reads what admins stored (at start, and on each scheduler tick). */
    async load(): Promise<PluginConfig> {
      stored = ((await store().get({})) as StoredSettings | null) ?? {};
      merged = undefined;
      return this.get();
    },

    /**
     * Key rotation: the client secrets stored in Settings that an older key sealed, sealed
     * again with the current key. Returns how many were, and how many no key can read.
     */
    async resealSecrets(): Promise<{ resealed: number; unreadable: number }> {
      await this.load();
      const secrets = getService(strapi, 'secrets');
      let resealed = 0;
      let unreadable = 0;
      const providers = { ...(stored.providers ?? {}) };
      for (const [id, values] of Object.entries(providers)) {
        if (!values.clientSecret) continue;
        try {
          const next = secrets.resealIfOld(values.clientSecret);
          if (next) {
            providers[id] = { ...values, clientSecret: next };
            resealed += 1;
          }
        } catch {
          unreadable += 1;
        }
      }
      if (resealed) {
        await store().set({ value: { ...stored, providers } });
        await this.load();
      }
      return { resealed, unreadable };
    },

    /** Forget the parsed configuration (after `strapi.config.set` in tests or tools). */
    reload(): PluginConfig {
      config = undefined;
      merged = undefined;
      return this.get();
    },

    /** Settings → Bank Sync: stores the change; a secret is sealed, null erases a value. */
    async update(input: SettingsInput): Promise<PluginConfig> {
      await this.load();
      const next: StoredSettings = { ...stored, providers: { ...(stored.providers ?? {}) } };
      for (const key of [
        'developerMode',
        'defaultTimeZone',
        'frequencyMinutes',
        'firstFetchDays',
        'balanceDrift',
        'staleBusinessDays',
      ] as const) {
        if (input[key] !== undefined) (next as Record<string, unknown>)[key] = input[key];
      }
      for (const [id, values] of Object.entries(input.providers ?? {})) {
        getService(strapi, 'providers').known(id);
        const current = { ...(next.providers![id] ?? {}) };
        if (values.clientId !== undefined) current.clientId = values.clientId;
        if (values.clientSecret !== undefined) {
          current.clientSecret = values.clientSecret === null ? null : getService(strapi, 'secrets').seal(values.clientSecret);
        }
        next.providers![id] = current;
      }
      await store().set({ value: next });
      return this.load();
    },

    /** The settings as the admin sees them: never a secret. */
    view(): SettingsView {
      const s = this.get();
      const providers: SettingsView['providers'] = {};
      const configured = this.configured();
      for (const { id } of getService(strapi, 'providers').list()) {
        const p = s.providers[id] ?? {};
        const fromConfig = (configured.providers[id] ?? {}).clientSecret;
        const clientSecretSource = !p.clientSecret ? null : p.clientSecret === fromConfig ? 'configuration' : 'settings';
        providers[id] = {
          clientId: typeof p.clientId === 'string' ? p.clientId : null,
          clientSecretSet: Boolean(p.clientSecret),
          clientSecretSource,
        };
      }
      return {
        developerMode: s.developerMode,
        defaultTimeZone: s.defaultTimeZone,
        encryptionConfigured: getService(strapi, 'secrets').isConfigured(),
        scheduler: s.scheduler,
        sync: s.sync,
        webhooksEnabled: s.webhooks.enabled,
        reminders: getService(strapi, 'consent-reminders').settingsView(),
        providers,
      };
    },
  };
};

export default settings;
