/**
 * The plugin's names in one place: content-type UIDs, table names, states, triggers and
 * permission actions. Nothing else spells a table name or a state list.
 */
import { CONNECTION_STATES } from '../../shared/contracts/connections';
import { STATEMENT_PERIODICITIES } from '../../shared/contracts/journals';
import { ERROR_CLASSES, RUN_STATUSES, TRIGGERS } from '../../shared/contracts/sync';
import { ACTIONS, ACTION_DEFINITIONS, PLUGIN_ID } from '../../shared/permissions';

export { ACTIONS, ACTION_DEFINITIONS, CONNECTION_STATES, ERROR_CLASSES, PLUGIN_ID, RUN_STATUSES, STATEMENT_PERIODICITIES, TRIGGERS };

export const UID = {
  journal: 'plugin::bank-sync.journal',
  connection: 'plugin::bank-sync.online-connection',
  account: 'plugin::bank-sync.online-account',
  statement: 'plugin::bank-sync.bank-statement',
  line: 'plugin::bank-sync.bank-statement-line',
  syncRun: 'plugin::bank-sync.sync-run',
  consentReminder: 'plugin::bank-sync.consent-reminder',
} as const;

/** Table of each content type (its schema's `collectionName`), for the fast path in SQL. */
export const TABLES = {
  journals: 'bks_journals',
  connections: 'bks_online_connections',
  accounts: 'bks_online_accounts',
  statements: 'bks_statements',
  lines: 'bks_statement_lines',
  runs: 'bks_sync_runs',
  reminders: 'bks_consent_reminders',
  /** Strapi's link table of the account ↔ journal relation (one row per linked account). */
  accountJournalLinks: 'bks_online_accounts_journal_lnk',
} as const;

/** States in which a connection may run (the scheduler, Synchronize all, webhooks). */
export const RUNNABLE_STATES = ['connected', 'error'] as const satisfies ReadonlyArray<(typeof CONNECTION_STATES)[number]>;
export type { Action } from '../../shared/permissions';
