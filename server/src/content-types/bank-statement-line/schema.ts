import { TABLES } from '../../constants';

/**
 * Statement lines are written in bulk (raw batch inserts with on-conflict-ignore), so
 * they reference their statement, journal and online account by scalar id columns
 * rather than Strapi relations (which would need a link-table row per line).
 */
export default {
  kind: 'collectionType',
  collectionName: TABLES.lines,
  info: {
    singularName: 'bank-statement-line',
    pluralName: 'bank-statement-lines',
    displayName: 'Bank statement line',
    description: 'One posted bank transaction',
  },
  options: { draftAndPublish: false },
  /** Created by Strapi's schema sync on every database; the unique one is the dedup guarantee. */
  indexes: [
    { name: 'bks_lines_account_tx_uq', columns: ['online_account_id', 'provider_transaction_id'], type: 'unique' },
    { name: 'bks_lines_journal_date_idx', columns: ['journal_id', 'booking_date', 'id'] },
    { name: 'bks_lines_statement_date_idx', columns: ['statement_id', 'booking_date', 'id'] },
  ],
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    statementId: { type: 'integer', required: true },
    journalId: { type: 'integer', required: true },
    onlineAccountId: { type: 'integer', required: true },
    bookingDate: { type: 'date', required: true },
    valueDate: { type: 'date' },
    /** Minor units of `currency`; positive = money in. */
    amount: { type: 'biginteger', required: true },
    currency: { type: 'string', required: true, maxLength: 3 },
    label: { type: 'text' },
    counterpartyName: { type: 'string', maxLength: 255 },
    counterpartyAccount: { type: 'string', maxLength: 64 },
    providerTransactionId: { type: 'string', required: true, maxLength: 255 },
    rawPayload: { type: 'json' },
    /**
     * Empty for a bank transaction. A line the engine adds when the provider changes a line
     * it gave (Plaid's modified / removed): 'correction' (the amount changed: the difference)
     * or 'reversal' (the transaction was withdrawn: its opposite). Both are dated the day the
     * change was read, so no closed statement changes.
     */
    kind: { type: 'enumeration', enum: ['correction', 'reversal'] },
    /** The provider transaction id of the line a correction or reversal adjusts. */
    adjusts: { type: 'string', maxLength: 255 },
    /** Why the line was added or changed, in words (a reversal's reason, a correction's old and new amount). */
    note: { type: 'text' },
  },
} as const;
