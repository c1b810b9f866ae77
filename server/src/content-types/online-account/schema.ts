import { TABLES } from '../../constants';

export default {
  kind: 'collectionType',
  collectionName: TABLES.accounts,
  info: {
    singularName: 'online-account',
    pluralName: 'online-accounts',
    displayName: 'Online account',
    description: 'A bank account seen through an online connection',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    connection: {
      type: 'relation',
      relation: 'manyToOne',
      target: 'plugin::bank-sync.online-connection',
      inversedBy: 'accounts',
    },
    providerAccountId: { type: 'string', required: true, maxLength: 255 },
    name: { type: 'string', maxLength: 255 },
    accountNumber: { type: 'string', maxLength: 64 },
    currency: { type: 'string', maxLength: 3 },
    /** Bank balance in minor units of `currency`. */
    balance: { type: 'biginteger' },
    balanceDate: { type: 'datetime' },
    /** When the bank consent of this account ends, as its provider says. */
    consentExpiresAt: { type: 'datetime' },
    journal: {
      type: 'relation',
      relation: 'oneToOne',
      target: 'plugin::bank-sync.journal',
      inversedBy: 'onlineAccount',
    },
    cursor: { type: 'json' },
    firstFetchDate: { type: 'date' },
  },
} as const;
