export const PLUGIN_ID = 'bank-sync' as const;

export const UID = {
  journal: 'plugin::bank-sync.journal',
  connection: 'plugin::bank-sync.online-connection',
  account: 'plugin::bank-sync.online-account',
  statement: 'plugin::bank-sync.bank-statement',
  line: 'plugin::bank-sync.bank-statement-line',
  syncRun: 'plugin::bank-sync.sync-run',
} as const;

export type ContentTypeKey = keyof typeof UID;
export type BankSyncUID = (typeof UID)[ContentTypeKey];
