import { PLUGIN_ID } from './domain/uids';

/** RBAC actions of the plugin; every admin route requires one of them. */
export const ACTIONS = {
  read: `plugin::${PLUGIN_ID}.read`,
  synchronize: `plugin::${PLUGIN_ID}.synchronize`,
  manageConnections: `plugin::${PLUGIN_ID}.connections.manage`,
  settings: `plugin::${PLUGIN_ID}.settings`,
} as const;

export const actionDefinitions = [
  { uid: 'read', displayName: 'Read journals, statements, connections and runs' },
  { uid: 'synchronize', displayName: 'Synchronize now' },
  { uid: 'connections.manage', displayName: 'Add and manage bank connections and journals' },
  { uid: 'settings', displayName: 'Read the plugin settings' },
].map((action) => ({ ...action, section: 'plugins' as const, pluginName: PLUGIN_ID }));
