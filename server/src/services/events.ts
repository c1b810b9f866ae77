import type { Core } from '@strapi/strapi';
import {
  BANK_SYNC_EVENTS,
  type BankSyncEventName,
  type BankSyncEventPayloads,
  type ConnectionErrorEvent,
  type ListEvents,
} from '../../../shared/contracts/events';
import type { RecordedErrorView, RunView } from '../../../shared/contracts/sync';
import { TABLES } from '../constants';
import { databaseErrorCode } from '../database/sql';

const IN_CHUNK = 500;

/**
 * The plugin's events for other code: emitted through Strapi's event hub after what they tell
 * has been committed, and registered with Strapi's webhook store so webhooks may subscribe.
 * A listener that fails or is slow never stops or slows a synchronization: the emission is
 * not awaited, and its failure is logged.
 */
const events = ({ strapi }: { strapi: Core.Strapi }) => {
  function emit<N extends BankSyncEventName>(name: N, payload: BankSyncEventPayloads[N]): void {
    try {
      void Promise.resolve(strapi.eventHub.emit(name, payload as unknown as Record<string, unknown>)).catch((error: unknown) => {
        strapi.log.warn(`[bank-sync] a listener of ${name} failed: ${(error as Error)?.message ?? error}`);
      });
    } catch (error) {
      strapi.log.warn(`[bank-sync] a listener of ${name} failed: ${(error as Error)?.message ?? error}`);
    }
  }

  return {
    /** Lets Strapi webhooks subscribe to the plugin's events (called at bootstrap). */
    registerWebhookEvents(): void {
      const store = strapi.get('webhookStore') as { addAllowedEvent(key: string, value: string): void } | undefined;
      if (!store) return;
      for (const [key, name] of Object.entries(BANK_SYNC_EVENTS)) store.addAllowedEvent(`BANK_SYNC_${key.toUpperCase()}`, name);
    },

    list(): ListEvents.Response['data'] {
      const store = strapi.get('webhookStore') as { allowedEvents?: Map<string, string> } | undefined;
      const allowed = new Set(store?.allowedEvents ? [...store.allowedEvents.values()] : []);
      return Object.values(BANK_SYNC_EVENTS).map((name) => ({ name, webhook: allowed.has(name) }));
    },

    /** After a committed batch: the new lines (their database ids read back by document id). */
    async linesImported(batch: {
      connectionId: number;
      onlineAccountId: number;
      journalId: number;
      runId: number;
      /** New lines the insert returned (SQLite, PostgreSQL): nothing to read back. */
      lines?: Array<{ id: number; documentId: string }>;
      /** Document ids of new lines whose ids are to be read back (MySQL). */
      documentIds: string[];
    }): Promise<void> {
      if (batch.lines?.length) {
        emit(BANK_SYNC_EVENTS.linesImported, {
          connectionId: batch.connectionId,
          onlineAccountId: batch.onlineAccountId,
          journalId: batch.journalId,
          runId: batch.runId,
          lineIds: batch.lines.map((line) => line.id),
          lineDocumentIds: batch.lines.map((line) => line.documentId),
        });
        return;
      }
      if (batch.documentIds.length === 0) return;
      const knex = strapi.db.connection;
      const byDocument = new Map<string, number>();
      try {
        for (let i = 0; i < batch.documentIds.length; i += IN_CHUNK) {
          const rows = (await knex(TABLES.lines)
            .select('id', 'document_id')
            .whereIn('document_id', batch.documentIds.slice(i, i + IN_CHUNK))) as Array<{ id: number; document_id: string }>;
          for (const row of rows) byDocument.set(row.document_id, Number(row.id));
        }
      } catch (error) {
        // The lines are committed: a failed read-back costs the event, never the import.
        strapi.log.warn(
          `[bank-sync] ${BANK_SYNC_EVENTS.linesImported} of run ${batch.runId} not emitted (database error ${databaseErrorCode(error) ?? 'unknown'})`,
        );
        return;
      }
      const lineDocumentIds = batch.documentIds.filter((id) => byDocument.has(id));
      emit(BANK_SYNC_EVENTS.linesImported, {
        connectionId: batch.connectionId,
        onlineAccountId: batch.onlineAccountId,
        journalId: batch.journalId,
        runId: batch.runId,
        lineIds: lineDocumentIds.map((id) => byDocument.get(id)!),
        lineDocumentIds,
      });
    },

    runFinished(run: RunView): void {
      emit(BANK_SYNC_EVENTS.runFinished, { run });
    },

    /** A failure recorded on a connection: its code, class, message and reference only. */
    connectionError(connectionId: number, error: RecordedErrorView, runId: number | null = null): void {
      const payload: ConnectionErrorEvent = {
        connectionId,
        runId,
        error: { code: error.code, class: error.class, message: error.message, reference: error.reference },
      };
      emit(BANK_SYNC_EVENTS.connectionError, payload);
    },

    consentExpiring(payload: BankSyncEventPayloads['bank-sync.consent.expiring']): void {
      emit(BANK_SYNC_EVENTS.consentExpiring, payload);
    },
  };
};

export default events;
