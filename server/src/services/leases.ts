import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

const TABLE = 'bks_online_connections';
/** States in which the scheduler may run a connection. */
export const SCHEDULABLE_STATES = ['connected', 'error'] as const;

/**
 * Database leases on connections: whoever sets lease_owner / lease_expires_at with one
 * conditional UPDATE owns the connection until the lease ends. Works the same on SQLite,
 * PostgreSQL and MySQL, across any number of Strapi instances sharing the database.
 */
const leases = ({ strapi }: { strapi: Core.Strapi }) => {
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const knex = () => strapi.db.connection;
  const ttlMs = () => getService(strapi, 'settings').get().scheduler.leaseSeconds * 1000;

  return {
    owner(): string {
      return owner;
    },

    /**
     * Claims a connection if nobody holds a live lease on it. With `due`, only if it is
     * also due (auto-sync on, schedulable state, next sync reached): the scheduler's claim.
     */
    async claim(id: number, options: { due?: boolean; now?: Date } = {}): Promise<boolean> {
      const now = options.now ?? new Date();
      const query = knex()(TABLE)
        .where('id', id)
        .andWhere((q) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now));
      if (options.due) {
        query
          .andWhere('auto_sync', true)
          .whereIn('state', [...SCHEDULABLE_STATES])
          .andWhere('next_sync_at', '<=', now);
      }
      const updated = await query.update({ lease_owner: owner, lease_expires_at: new Date(now.getTime() + ttlMs()) });
      return Number(updated) === 1;
    },

    /** Extends a lease this instance holds (long runs call it as they go). */
    async renew(id: number): Promise<boolean> {
      const updated = await knex()(TABLE)
        .where({ id, lease_owner: owner })
        .update({ lease_expires_at: new Date(Date.now() + ttlMs()) });
      return Number(updated) === 1;
    },

    async release(id: number): Promise<void> {
      await knex()(TABLE).where({ id, lease_owner: owner }).update({ lease_owner: null, lease_expires_at: null });
    },

    /** Ids of due connections nobody holds, soonest first (the scheduler's candidates). */
    async dueCandidates(limit: number, now = new Date()): Promise<number[]> {
      const rows = (await knex()(TABLE)
        .select('id')
        .where('auto_sync', true)
        .whereIn('state', [...SCHEDULABLE_STATES])
        .andWhere('next_sync_at', '<=', now)
        .andWhere((q) => q.whereNull('lease_expires_at').orWhere('lease_expires_at', '<', now))
        .orderBy('next_sync_at', 'asc')
        .limit(limit)) as Array<{ id: number }>;
      return rows.map((row) => Number(row.id));
    },
  };
};

export default leases;
export type LeasesService = ReturnType<typeof leases>;
