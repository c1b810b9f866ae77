import { STATEMENT_PERIODICITIES, TABLES } from '../../constants';

export default {
  kind: 'collectionType',
  collectionName: TABLES.journals,
  info: {
    singularName: 'journal',
    pluralName: 'journals',
    displayName: 'Bank journal',
    description: 'A bank journal: where the statements of one bank account are kept',
  },
  options: { draftAndPublish: false },
  indexes: [{ name: 'bks_journals_code_uq', columns: ['code'], type: 'unique' }],
  pluginOptions: {
    'content-manager': { visible: true },
    'content-type-builder': { visible: false },
  },
  attributes: {
    name: { type: 'string', required: true, maxLength: 120 },
    code: { type: 'string', required: true, unique: true, maxLength: 16 },
    currency: { type: 'string', required: true, minLength: 3, maxLength: 3 },
    bankAccountNumber: { type: 'string', maxLength: 64 },
    statementPeriodicity: {
      type: 'enumeration',
      enum: [...STATEMENT_PERIODICITIES],
      default: 'month',
      required: true,
    },
    timeZone: { type: 'string', required: true, maxLength: 64 },
    onlineAccount: {
      type: 'relation',
      relation: 'oneToOne',
      target: 'plugin::bank-sync.online-account',
      mappedBy: 'journal',
    },
  },
} as const;
