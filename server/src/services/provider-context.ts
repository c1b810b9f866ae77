import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { databaseErrorCode } from '../database/sql';
import { ImportFailure, type BankProvider, type ConnectionCredentials, type ProviderContext } from '../providers/types';
import { getService } from '../utils/get-service';

/** What a connection gives its provider context. */
export interface ContextConnection {
  id: number;
  providerId: string;
  providerData: Record<string, unknown> | null;
}

/** Waits between the saves of a rotated token (about 30 s in all). */
const SAVE_RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000, 8000, 15_000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The one place a ProviderContext is built: for a connection (credentials read and saved
 * encrypted, provider data saved, log lines named after the connection) or without one
 * (institution search, webhooks: configuration only, nothing to save).
 */
const providerContext = ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings').get();

  /**
   * A provider's new token (Ponto rotates its refresh token on every use) must never be lost
   * to a database stall: the provider already invalidated the old one. The save is retried
   * for about half a minute; the provider keeps the new token in memory meanwhile. Only a
   * process crash between the provider's answer and the commit can lose it (README).
   */
  async function saveTokenWithRetries(connectionId: number, next: ConnectionCredentials): Promise<void> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        await getService(strapi, 'connections').setCredentials(connectionId, next);
        if (attempt) strapi.log.info(`[bank-sync] connection ${connectionId}: the provider's new token was saved after ${attempt} retries`);
        return;
      } catch (error) {
        if (!databaseErrorCode(error) || attempt >= SAVE_RETRY_DELAYS_MS.length) {
          if (databaseErrorCode(error)) throw new ImportFailure(error, "Saving the bank's new token failed");
          throw error;
        }
        strapi.log.warn(
          `[bank-sync] connection ${connectionId}: saving the provider's new token failed (database error ${databaseErrorCode(error)}); retrying`,
        );
        await sleep(SAVE_RETRY_DELAYS_MS[attempt]);
      }
    }
  }

  function build(providerId: string, connection: ContextConnection | null, credentials: ConnectionCredentials | null): ProviderContext {
    const prefix = connection ? `[bank-sync] ${providerId}#${connection.id}: ` : `[bank-sync] ${providerId}: `;
    let detached: Record<string, unknown> = {};
    return {
      config: (settings().providers[providerId] ?? {}) as Record<string, unknown>,
      credentials,
      // Read through, so a provider sees what it saved with saveProviderData (which replaces the whole object).
      get providerData() {
        return connection?.providerData ?? detached;
      },
      set providerData(data) {
        if (connection) connection.providerData = data;
        else detached = data;
      },
      saveCredentials: async (next) => {
        if (connection) await saveTokenWithRetries(connection.id, next);
      },
      saveProviderData: async (data) => {
        if (!connection) return;
        connection.providerData = data;
        await strapi.db.query(UID.connection).update({ where: { id: connection.id }, data: { providerData: data } });
      },
      log: {
        info: (m) => strapi.log.info(`${prefix}${m}`),
        warn: (m) => strapi.log.warn(`${prefix}${m}`),
        debug: (m) => strapi.log.debug(`${prefix}${m}`),
      },
      async waitForRetry(until) {
        const wait = until.getTime() - Date.now();
        if (wait > settings().sync.maxRetryWaitSeconds * 1000) return false;
        if (wait > 0) await sleep(wait);
        return true;
      },
    };
  }

  return {
    build,

    /** A provider and its context for calls that concern no connection. */
    forProvider(providerId: string): { provider: BankProvider; ctx: ProviderContext } {
      return { provider: getService(strapi, 'providers').get(providerId), ctx: build(providerId, null, null) };
    },

    /** A connection's provider and context, with its decrypted credentials. */
    async forConnection(connection: ContextConnection): Promise<{ provider: BankProvider; ctx: ProviderContext }> {
      const provider = getService(strapi, 'providers').get(connection.providerId);
      const credentials = await getService(strapi, 'connections').readCredentials(connection.id);
      return { provider, ctx: build(connection.providerId, connection, credentials) };
    },
  };
};

export default providerContext;
