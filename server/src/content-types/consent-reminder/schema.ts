import { TABLES } from '../../constants';

/**
 * A consent reminder sent: one row per connection, threshold and consent end. The unique
 * index is what makes it once: on several instances or after a restart, the second insert
 * of the same reminder is refused by the database, and that instance sends nothing.
 */
export default {
  kind: 'collectionType',
  collectionName: TABLES.reminders,
  info: {
    singularName: 'consent-reminder',
    pluralName: 'consent-reminders',
    displayName: 'Consent reminder',
    description: 'A reminder sent before a connection consent ends',
  },
  options: { draftAndPublish: false },
  indexes: [{ name: 'bks_reminders_once_uq', columns: ['connection_id', 'days', 'consent_end'], type: 'unique' }],
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    connectionId: { type: 'integer', required: true },
    /** The threshold reached (days before the consent end). */
    days: { type: 'integer', required: true },
    /** The consent end it is about, as an ISO string to the second (compared exactly on every database). */
    consentEnd: { type: 'string', maxLength: 32, required: true },
    sentAt: { type: 'datetime', required: true },
    /** Addresses e-mailed (0: e-mail not configured, only the event). */
    emailed: { type: 'integer', default: 0 },
  },
} as const;
