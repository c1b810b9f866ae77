import type { RecordedErrorView, RunView } from './sync';

/**
 * The events the plugin emits through Strapi's event hub (`strapi.eventHub`), for the app's
 * own code (`strapi.eventHub.on(name, listener)`) and, once registered with Strapi's webhook
 * store, for Strapi webhooks. Each is emitted after its data is committed.
 */
export const BANK_SYNC_EVENTS = {
  linesImported: 'bank-sync.lines.imported',
  runFinished: 'bank-sync.run.finished',
  connectionError: 'bank-sync.connection.error',
  consentExpiring: 'bank-sync.consent.expiring',
} as const;

export type BankSyncEventName = (typeof BANK_SYNC_EVENTS)[keyof typeof BANK_SYNC_EVENTS];

/** `bank-sync.lines.imported`: one committed batch of new statement lines of one journal. */
export interface LinesImportedEvent {
  connectionId: number;
  onlineAccountId: number;
  journalId: number;
  runId: number;
  /** Database ids of the new lines (`plugin::bank-sync.bank-statement-line`). */
  lineIds: number[];
  /** Their document ids, for the Document Service. */
  lineDocumentIds: string[];
}

/** `bank-sync.run.finished`: the run as the admin API returns it (`GET /bank-sync/runs`). */
export interface RunFinishedEvent {
  run: RunView;
}

/** `bank-sync.connection.error`: a failure recorded on a connection (never a secret). */
export interface ConnectionErrorEvent {
  connectionId: number;
  /** The run that failed, or null when the failure came from another action (Fetch Accounts, Connect). */
  runId: number | null;
  error: RecordedErrorView;
}

/** `bank-sync.consent.expiring`: a connection's consent ends soon (sent once per reminder threshold). */
export interface ConsentExpiringEvent {
  connectionId: number;
  /** ISO date-time the consent ends. */
  consentEnd: string;
  daysLeft: number;
  /** The reminder threshold reached (one of `reminders.days`). */
  threshold: number;
  /** The admin page of the connection, where it is reconnected. */
  reconnectUrl: string;
}

export interface BankSyncEventPayloads {
  'bank-sync.lines.imported': LinesImportedEvent;
  'bank-sync.run.finished': RunFinishedEvent;
  'bank-sync.connection.error': ConnectionErrorEvent;
  'bank-sync.consent.expiring': ConsentExpiringEvent;
}

/** GET /bank-sync/events (permission read): the events, and whether Strapi webhooks may subscribe to them. */
export declare namespace ListEvents {
  interface Response {
    data: Array<{ name: BankSyncEventName; webhook: boolean }>;
  }
}
