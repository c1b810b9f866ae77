export const PLUGIN_ID = 'bank-sync';
