import { CONNECTION_STATES, ERROR_CLASSES, TABLES } from '../../constants';

export default {
  kind: 'collectionType',
  collectionName: TABLES.connections,
  info: {
    singularName: 'online-connection',
    pluralName: 'online-connections',
    displayName: 'Online connection',
    description: 'A link to an institution through a provider (Odoo: account.online.link)',
  },
  options: { draftAndPublish: false },
  indexes: [{ name: 'bks_connections_due_idx', columns: ['auto_sync', 'next_sync_at'] }],
  pluginOptions: {
    // Credentials live on this type: it is never exposed through the Content Manager.
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    providerId: { type: 'string', required: true, maxLength: 64 },
    institutionId: { type: 'string', maxLength: 255 },
    institutionName: { type: 'string', maxLength: 255 },
    institutionCountry: { type: 'string', maxLength: 2 },
    state: {
      type: 'enumeration',
      enum: [...CONNECTION_STATES],
      default: 'pending',
      required: true,
    },
    autoSync: { type: 'boolean', default: true, required: true },
    frequencyMinutes: { type: 'integer', default: 720, required: true, min: 5 },
    lastSyncAt: { type: 'datetime' },
    lastSuccessAt: { type: 'datetime' },
    nextSyncAt: { type: 'datetime' },
    consentExpiresAt: { type: 'datetime' },
    lastErrorCode: { type: 'string', maxLength: 64 },
    lastErrorMessage: { type: 'text' },
    lastErrorReference: { type: 'string', maxLength: 32 },
    lastErrorClass: { type: 'enumeration', enum: [...ERROR_CLASSES] },
    /** Failed runs in a row, for the retry backoff. */
    consecutiveFailures: { type: 'integer', default: 0 },
    providerData: { type: 'json' },
    /** The provider's own id of the connection (Plaid item, Salt Edge connection): how its webhooks name it. */
    externalId: { type: 'string', maxLength: 255 },
    /** The provider refused a refresh for now (a daily limit, a refresh still running): when it allows the next one, if it said. */
    refreshDeferredUntil: { type: 'datetime' },
    /** Why the last refresh was put off (code), or empty when the last refresh was done. */
    refreshDeferredCode: { type: 'string', maxLength: 64 },
    refreshDeferredMessage: { type: 'text' },
    cursor: { type: 'json' },
    /** Encrypted (AES-256-GCM) JSON of the provider credentials; never returned. */
    credentials: { type: 'text', private: true, configurable: false },
    leaseOwner: { type: 'string', maxLength: 128, private: true },
    leaseExpiresAt: { type: 'datetime', private: true },
    accounts: {
      type: 'relation',
      relation: 'oneToMany',
      target: 'plugin::bank-sync.online-account',
      mappedBy: 'connection',
    },
  },
} as const;
