import { ERROR_CLASSES, RUN_STATUSES, TABLES, TRIGGERS } from '../../constants';

export default {
  kind: 'collectionType',
  collectionName: TABLES.runs,
  info: {
    singularName: 'sync-run',
    pluralName: 'sync-runs',
    displayName: 'Synchronization run',
    description: 'What one synchronization of a connection did',
  },
  options: { draftAndPublish: false },
  indexes: [{ name: 'bks_runs_connection_started_idx', columns: ['connection_id', 'started_at'] }],
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    connection: {
      type: 'relation',
      relation: 'manyToOne',
      target: 'plugin::bank-sync.online-connection',
    },
    connectionId: { type: 'integer', required: true },
    trigger: { type: 'enumeration', enum: [...TRIGGERS], required: true },
    startedAt: { type: 'datetime', required: true },
    finishedAt: { type: 'datetime' },
    status: { type: 'enumeration', enum: [...RUN_STATUSES], required: true },
    /** Pages read so far (progress, written as batches commit). */
    pageCount: { type: 'integer', default: 0 },
    fetchedCount: { type: 'integer', default: 0 },
    importedCount: { type: 'integer', default: 0 },
    duplicateCount: { type: 'integer', default: 0 },
    pendingSkippedCount: { type: 'integer', default: 0 },
    invalidCount: { type: 'integer', default: 0 },
    /** Imported lines the provider changed or withdrew (label updated, correction or reversal added). */
    changedCount: { type: 'integer', default: 0 },
    errorCode: { type: 'string', maxLength: 64 },
    errorMessage: { type: 'text' },
    errorReference: { type: 'string', maxLength: 32 },
    /** How the engine reacted (retry, backoff, reauth, config, gone, invalid-request): the admin words the error by it. */
    errorClass: { type: 'enumeration', enum: [...ERROR_CLASSES] },
  },
} as const;
