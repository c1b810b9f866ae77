import type { Core } from '@strapi/strapi';
import schedule, { type Job } from 'node-schedule';
import { connectionRepository } from '../repositories/connections';
import { getService } from '../utils/get-service';

/**
 * Scheduled fetches. One node-schedule job per instance ticks (every minute by default);
 * a tick finds due connections and claims each with a conditional update of its lease,
 * so on several instances sharing one database each due connection runs once. There is
 * no timer per connection: memory does not grow with their number.
 */
const scheduler = ({ strapi }: { strapi: Core.Strapi }) => {
  let job: Job | null = null;
  let ticking = false;
  let stopping = false;
  const running = new Map<number, Promise<unknown>>();

  const runClaimed = (id: number) => {
    const run = getService(strapi, 'sync')
      .runConnection(id, { trigger: 'schedule', claimed: true })
      .catch((error: unknown) => {
        strapi.log.error(`[bank-sync] scheduled run of connection ${id} crashed: ${(error as Error)?.message ?? error}`);
      })
      .finally(() => running.delete(id));
    running.set(id, run);
    return run;
  };

  return {
    start(): boolean {
      const config = getService(strapi, 'settings').get().scheduler;
      if (!config.enabled || job) return false;
      stopping = false;
      job = schedule.scheduleJob('bank-sync-tick', config.tickRule, () => {
        this.tick().catch((error: unknown) => {
          strapi.log.error(`[bank-sync] scheduler tick failed: ${(error as Error)?.message ?? error}`);
        });
      });
      // The configuration checks the rule; node-schedule still answers null when it can never fire.
      if (!job) {
        strapi.log.error(`[bank-sync] scheduler not started: the rule "${config.tickRule}" (scheduler.tickRule) never fires`);
        return false;
      }
      strapi.log.info(`[bank-sync] scheduler started (${config.tickRule}, ${config.concurrency} at a time)`);
      return true;
    },

    /** Stops ticking and waits for the runs in progress to finish. */
    async stop(): Promise<void> {
      stopping = true;
      job?.cancel();
      job = null;
      await Promise.allSettled([...running.values()]);
    },

    /** Waits for the runs in progress, without stopping the ticks. */
    async drain(): Promise<void> {
      await Promise.allSettled([...running.values()]);
    },

    /**
     * Finds due connections and claims up to `limit` of them (a conditional update of each
     * lease: on several instances, each is claimed by one). Returns the ids claimed.
     */
    async claimDue(limit: number, options: { now?: Date; skip?: ReadonlyMap<number, unknown> } = {}): Promise<number[]> {
      const leases = connectionRepository(strapi);
      const claimed: number[] = [];
      for (const id of await leases.dueCandidates(limit * 3, options.now)) {
        if (claimed.length >= limit) break;
        if (options.skip?.has(id)) continue;
        if (await leases.claim(id, { due: true, now: options.now })) claimed.push(id);
      }
      return claimed;
    },

    /**
     * Claims due connections up to the free concurrency and starts their runs. Returns the
     * ids claimed; with `wait`, resolves once those runs have finished.
     */
    async tick(options: { wait?: boolean; now?: Date } = {}): Promise<number[]> {
      if (ticking || stopping) return [];
      ticking = true;
      const claimed: number[] = [];
      try {
        // Settings changed on another instance reach this one on its next tick.
        const { concurrency } = (await getService(strapi, 'settings').load()).scheduler;
        const orphans = await getService(strapi, 'sync-runs').closeOrphans(options.now);
        if (orphans) strapi.log.warn(`[bank-sync] closed ${orphans} run(s) left running by a stopped server`);
        // Consent reminders: at most once an hour on this instance (the database keeps each one single).
        await getService(strapi, 'consent-reminders')
          .checkIfDue(options.now)
          .catch((error: unknown) => strapi.log.error(`[bank-sync] consent reminders failed: ${(error as Error)?.message ?? error}`));
        const free = concurrency - running.size;
        if (free <= 0) return [];
        for (const id of await this.claimDue(free, { now: options.now, skip: running })) {
          claimed.push(id);
          runClaimed(id);
        }
      } finally {
        ticking = false;
      }
      if (options.wait) await Promise.allSettled(claimed.map((id) => running.get(id)));
      return claimed;
    },
  };
};

export default scheduler;
