export default {
  kind: 'collectionType',
  collectionName: 'bks_statements',
  info: {
    singularName: 'bank-statement',
    pluralName: 'bank-statements',
    displayName: 'Bank statement',
    description: 'The lines of one journal over one period, with chained balances',
  },
  options: { draftAndPublish: false },
  indexes: [{ name: 'bks_statements_journal_period_uq', columns: ['journal_id', 'period_start'], type: 'unique' }],
  pluginOptions: {
    'content-manager': { visible: true },
    'content-type-builder': { visible: false },
  },
  attributes: {
    name: { type: 'string', required: true, maxLength: 64 },
    journal: {
      type: 'relation',
      relation: 'manyToOne',
      target: 'plugin::bank-sync.journal',
    },
    /** Scalar copy of the journal id: statements are looked up by journal and period. */
    journalId: { type: 'integer', required: true },
    periodStart: { type: 'date', required: true },
    periodEnd: { type: 'date', required: true },
    currency: { type: 'string', required: true, maxLength: 3 },
    /** Balances in minor units of `currency`. */
    balanceStart: { type: 'biginteger', required: true, default: '0' },
    balanceEnd: { type: 'biginteger', required: true, default: '0' },
    lineCount: { type: 'integer', required: true, default: 0 },
  },
} as const;
