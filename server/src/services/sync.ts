import type { Core } from '@strapi/strapi';
import type { OnlineAccountView } from '../../../shared/contracts/connect';
import type { DisconnectedAtProvider } from '../../../shared/contracts/connections';
import type { RunView, SynchronizeAll, Trigger } from '../../../shared/contracts/sync';
import { RUNNABLE_STATES, UID } from '../constants';
import { ConflictError, conflict, notFound, validationError } from '../domain/errors';
import type { BankProvider, WebhookEvent } from '../providers/types';
import { connectionRepository, type ConnectionRow } from '../repositories/connections';
import { onlineAccountRepository } from '../repositories/online-accounts';
import { getService } from '../utils/get-service';

/**
 * What asks for a run: Synchronize Now (a connection, a journal, all), Fetch Accounts,
 * verified webhooks. Each claims the connection's lease first, so a run never overlaps
 * itself, on one instance or several; the scheduler uses the same claim.
 */
const sync = ({ strapi }: { strapi: Core.Strapi }) => {
  const connections = () => connectionRepository(strapi);

  /** 409, saying when the connection can run again if the instance running it stopped. */
  async function alreadyRunning(connectionId: number) {
    const end = await connections().leaseEnd(connectionId);
    return conflict(
      end
        ? `A synchronization of this connection is already running. If the server running it stopped, the connection can run again from ${end.toISOString()}.`
        : 'A synchronization of this connection is already running',
      { connectionId, ...(end ? { retryAt: end.toISOString() } : {}) },
    );
  }

  /**
   * Ends the connection at the provider when it can (before its credentials are erased). A
   * refusal or an outage is reported (with a reference, on the connection) and the local
   * disconnect goes on: the admin is told to end it at the provider by hand.
   */
  async function disconnectAtProvider(connection: ConnectionRow): Promise<DisconnectedAtProvider> {
    if (connection.state === 'disconnected' || connection.state === 'pending') return { ended: false, error: null };
    const provider = getService(strapi, 'providers').get(connection.providerId);
    if (!provider.disconnect) return { ended: false, error: null };
    try {
      const { ctx } = await getService(strapi, 'provider-context').forConnection(connection);
      await provider.disconnect(ctx);
      return { ended: true, error: null };
    } catch (error) {
      const reported = await getService(strapi, 'failures').report(error, {
        action: 'disconnect at the provider',
        provider,
        connection,
        record: 'error',
      });
      const details = (reported as { details?: { reference?: string } }).details;
      return { ended: false, error: { message: reported.message, reference: details?.reference ?? null } };
    }
  }

  /** Work under a connection's lease, renewed while it goes, released after. */
  async function holding<T>(id: number, work: () => Promise<T>): Promise<T> {
    const stop = connections().heartbeat(id);
    try {
      return await work();
    } finally {
      stop();
      await connections().release(id);
    }
  }

  return {
    /** Runs one connection now. If another run holds it, a 409 "already running". */
    async runConnection(id: number, options: { trigger?: Trigger; claimed?: boolean; from?: string } = {}): Promise<RunView> {
      await connections().find(id);
      if (!options.claimed && !(await connections().claim(id))) throw await alreadyRunning(id);
      return holding(id, () => getService(strapi, 'run').execute(id, options.trigger ?? 'manual', { from: options.from }));
    },

    /** Other work on a connection under its lease (Find missing transactions): 409 while a run holds it. */
    async underLease<T>(id: number, work: () => Promise<T>): Promise<T> {
      if (!(await connections().claim(id))) throw await alreadyRunning(id);
      return holding(id, work);
    },

    /**
     * Fetch Accounts: the online accounts read again (names, balances, consent) without
     * importing. A provider failure is recorded on the connection as a run's would be.
     */
    async fetchAccounts(id: number): Promise<OnlineAccountView[]> {
      const connection = await connections().find(id);
      if (!(await connections().claim(id))) throw await alreadyRunning(id);
      let provider: BankProvider | null = null;
      await holding(id, async () => {
        try {
          const context = await getService(strapi, 'provider-context').forConnection(connection);
          provider = context.provider;
          await getService(strapi, 'run').refreshAccounts(connection, provider, context.ctx);
        } catch (error) {
          throw await getService(strapi, 'failures').report(error, { action: 'fetch accounts', provider, connection, record: 'state' });
        }
      });
      return onlineAccountRepository(strapi).views(id);
    },

    /**
     * Disconnect (under the lease, so never during a run): a connection that never connected
     * and feeds no journal is removed; any other is kept as disconnected (see the contract).
     */
    async disconnect(id: number): Promise<{ removed: boolean; provider: DisconnectedAtProvider }> {
      const connection = await connections().find(id);
      if (!(await connections().claim(id))) throw await alreadyRunning(id);
      try {
        const provider = await disconnectAtProvider(connection);
        const linked = await onlineAccountRepository(strapi).linked(id);
        if (connection.state === 'pending' && linked.length === 0 && !connection.lastSuccessAt) {
          await connections().remove(id);
          return { removed: true, provider };
        }
        await connections().markDisconnected(id);
        return { removed: false, provider };
      } finally {
        await connections().release(id);
      }
    },

    /** Synchronize Now on a journal: runs the connection of its online account. */
    async syncJournal(journalId: number): Promise<RunView> {
      const journal = (await strapi.db.query(UID.journal).findOne({
        where: { id: journalId },
        populate: { onlineAccount: { populate: { connection: { select: ['id'] } } } },
      })) as { onlineAccount?: { connection?: { id: number } | null } | null } | null;
      if (!journal) throw notFound('Journal', journalId);
      const connectionId = journal.onlineAccount?.connection?.id;
      if (!connectionId) throw validationError('This journal is not linked to an online account: link one before synchronizing.');
      return this.runConnection(connectionId, { trigger: 'manual' });
    },

    /**
     * A verified provider webhook: `sync` runs the account's connection (in the background,
     * trigger `webhook`; skipped if a run is going), `reauthorized` reopens an expired
     * connection first. Returns the connections concerned.
     */
    async handleWebhook(providerId: string, event: WebhookEvent): Promise<{ connectionIds: number[]; started: number }> {
      if (event.action === 'ignore' || (!event.providerAccountId && !event.externalId)) return { connectionIds: [], started: 0 };
      let concerned: Array<{ id: number; state: string }>;
      if (event.providerAccountId) {
        const accounts = (await strapi.db.query(UID.account).findMany({
          where: { providerAccountId: event.providerAccountId, connection: { providerId } },
          populate: { connection: { select: ['id', 'state'] } },
        })) as Array<{ connection: { id: number; state: string } | null }>;
        concerned = accounts.map((a) => a.connection).filter((c): c is { id: number; state: string } => Boolean(c));
      } else {
        concerned = (await strapi.db.query(UID.connection).findMany({
          where: { providerId, externalId: event.externalId },
          select: ['id', 'state'],
        })) as Array<{ id: number; state: string }>;
      }
      let started = 0;
      for (const connection of concerned) {
        if (event.action === 'reauthorized') await connections().markConnected(connection.id);
        else if (!(RUNNABLE_STATES as readonly string[]).includes(connection.state)) continue;
        if (!(await connections().claim(connection.id))) continue;
        started += 1;
        void this.runConnection(connection.id, { trigger: 'webhook', claimed: true }).catch((error: unknown) => {
          strapi.log.warn(`[bank-sync] webhook run of connection ${connection.id} failed: ${(error as Error)?.message ?? error}`);
        });
      }
      return { connectionIds: concerned.map((c) => c.id), started };
    },

    /** Synchronize all: every connection that can run (auto-sync or not), one after another. */
    async syncAll(): Promise<SynchronizeAll.Response['data']> {
      const results: SynchronizeAll.Response['data'] = [];
      for (const id of await connections().runnableIds()) {
        try {
          results.push({ connectionId: id, run: await this.runConnection(id, { trigger: 'manual' }) });
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          results.push({ connectionId: id, skipped: 'already running' });
        }
      }
      return results;
    },
  };
};

export default sync;
