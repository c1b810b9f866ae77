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
    /** Balance drift: the bank's balance minus the statements' closing balance (minor units), null when they agree. */
    driftAmount: { type: 'biginteger' },
    /** The run that first found the current drift, and when. */
    driftSinceRunId: { type: 'integer' },
    driftSinceAt: { type: 'datetime' },
    /** The last check where the bank and the statements agreed. */
    balanceAgreedAt: { type: 'datetime' },
    /** The bank's balance at the last check (to tell a balance that moved without a line). */
    checkedBalance: { type: 'biginteger' },
    /** The last run that succeeded with no new line while the bank's balance moved (cleared by the next check). */
    balanceMovedAt: { type: 'datetime' },
    /** When a run last brought a new line for this account (or first checked it). */
    lastNewLineAt: { type: 'datetime' },
  },
} as const;
