import type { Core } from '@strapi/strapi';
import type { RunView, Trigger } from '../../../shared/contracts/sync';
import { runOutcome } from '../domain/connection-outcome';
import { errorReference } from '../domain/reference';
import type { BankProvider, ClassifiedError, ProviderAccount, ProviderContext } from '../providers/types';
import { connectionRepository, type ConnectionRow } from '../repositories/connections';
import { onlineAccountRepository } from '../repositories/online-accounts';
import { getService } from '../utils/get-service';
import { emptyTally } from './account-import';

/**
 * One run of a connection whose lease this instance holds: the accounts read again (names,
 * balances, consent), each linked account imported (one failing account does not stop the
 * others), then the outcome written on the run record and the connection.
 */
const PROGRESS_EVERY_MS = 500;

const run = ({ strapi }: { strapi: Core.Strapi }) => {
  const connections = () => connectionRepository(strapi);
  const accounts = () => onlineAccountRepository(strapi);

  return {
    /** Reads the provider's accounts and stores them; the connection's consent is the earliest of its accounts'. */
    async refreshAccounts(connection: ConnectionRow, provider: BankProvider, ctx: ProviderContext): Promise<ProviderAccount[]> {
      const remote = await provider.fetchAccounts(ctx);
      const earliestConsent = await accounts().storeRemote(connection.id, remote);
      if (earliestConsent) await connections().setConsentExpiry(connection.id, earliestConsent);
      return remote;
    },

    /** With `from` ('YYYY-MM-DD', Fetch Transactions), every linked account is read again from that date. */
    async execute(connectionId: number, trigger: Trigger, options: { from?: string } = {}): Promise<RunView> {
      const runs = getService(strapi, 'sync-runs');
      const failures = getService(strapi, 'failures');
      const connection = await connections().find(connectionId);
      const runId = await runs.start(connectionId, trigger);
      const tally = emptyTally();
      const accountFailures: ClassifiedError[] = [];
      let provider: BankProvider | null = null;
      let fatal: ClassifiedError | null = null;
      let accountsRun = 0;
      // Progress is written as pages commit, at most twice a second, for the admin to read.
      let lastProgress = 0;
      const onPage = async () => {
        if (Date.now() - lastProgress < PROGRESS_EVERY_MS) return;
        lastProgress = Date.now();
        await runs.progress(runId, tally.counts);
      };

      try {
        const context = await getService(strapi, 'provider-context').forConnection(connection);
        provider = context.provider;
        const remote = await this.refreshAccounts(connection, provider, context.ctx);
        const byId = new Map(remote.map((a) => [a.providerAccountId, a]));
        for (const account of await accounts().linked(connectionId)) {
          accountsRun += 1;
          const linesBefore = tally.counts.imported + tally.counts.changed;
          try {
            await getService(strapi, 'account-import').run(
              provider,
              context.ctx,
              account,
              byId.get(account.providerAccountId),
              { id: runId, connectionId },
              tally,
              onPage,
              options.from,
            );
            // The bank's balance against the statements, and whether the feed went quiet.
            const newLines = tally.counts.imported + tally.counts.changed - linesBefore;
            const drift = await getService(strapi, 'balance-check').afterImport(
              account,
              byId.get(account.providerAccountId),
              { id: runId },
              newLines,
            );
            if (drift) accountFailures.push(drift);
          } catch (error) {
            accountFailures.push(failures.classify(provider, error));
          }
        }
      } catch (error) {
        fatal = failures.classify(provider, error);
      }

      const outcome = runOutcome(
        {
          fatal,
          accountFailures,
          accountsRun,
          invalid: tally.invalid,
          connection: { frequencyMinutes: connection.frequencyMinutes, consecutiveFailures: connection.consecutiveFailures ?? 0 },
          now: new Date(),
        },
        errorReference,
      );
      if (outcome.error) {
        const what = `${outcome.status === 'failed' ? '' : 'part of '}run ${runId} of connection ${connectionId}`;
        failures.log(what, outcome.error);
      }
      await connections().recordRun(connectionId, outcome.connection);
      const view = await runs.finish(runId, outcome.status, tally.counts, outcome.error);
      // Announced once the run and the connection are written.
      const events = getService(strapi, 'events');
      if (outcome.error) events.connectionError(connectionId, outcome.error, runId);
      events.runFinished(view);
      return view;
    },
  };
};

export default run;
