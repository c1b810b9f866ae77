import { TABLES } from '../../constants';

export default {
  kind: 'collectionType',
  collectionName: TABLES.statements,
  info: {
    singularName: 'bank-statement',
    pluralName: 'bank-statements',
    displayName: 'Bank statement',
    description: 'The lines of one journal over one period, with chained balances',
  },
  options: { draftAndPublish: false },
  indexes: [
    { name: 'bks_statements_journal_period_uq', columns: ['journal_id', 'period_key'], type: 'unique' },
    { name: 'bks_statements_journal_start_idx', columns: ['journal_id', 'period_start', 'id'] },
  ],
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    name: { type: 'string', required: true, maxLength: 64 },
    /** Statements are written by the importer in the same transaction as their lines, by id. */
    journalId: { type: 'integer', required: true },
    /** Which period of the journal's periodicity: '2026-03', '2026-W09', 'run-12', ... */
    periodKey: { type: 'string', required: true, maxLength: 32 },
    periodStart: { type: 'date', required: true },
    periodEnd: { type: 'date', required: true },
    currency: { type: 'string', required: true, maxLength: 3 },
    /** Balances in minor units of `currency`. */
    balanceStart: { type: 'biginteger', required: true, default: '0' },
    balanceEnd: { type: 'biginteger', required: true, default: '0' },
    lineCount: { type: 'integer', required: true, default: 0 },
  },
} as const;
