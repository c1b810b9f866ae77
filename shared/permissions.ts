/** The plugin's id, as Strapi knows it (`plugin::bank-sync.*`). */
export const PLUGIN_ID = 'bank-sync' as const;

/**
 * RBAC actions of the plugin: registered by the server, checked on every admin route, and
 * asked by the admin pages (`useRBAC`, `Page.Protect`). One list for both sides.
 */
export const ACTIONS = {
  read: `plugin::${PLUGIN_ID}.read`,
  synchronize: `plugin::${PLUGIN_ID}.synchronize`,
  manageConnections: `plugin::${PLUGIN_ID}.connections.manage`,
  settings: `plugin::${PLUGIN_ID}.settings`,
} as const;

export type Action = (typeof ACTIONS)[keyof typeof ACTIONS];

/** The actions as Strapi registers them (Settings → Roles → Plugins → Bank Sync). */
export const ACTION_DEFINITIONS = [
  { uid: 'read', displayName: 'Read journals, statements, connections and runs' },
  { uid: 'synchronize', displayName: 'Synchronize now' },
  { uid: 'connections.manage', displayName: 'Add and manage bank connections and journals' },
  { uid: 'settings', displayName: 'Read and change the plugin settings' },
].map((action) => ({ ...action, section: 'plugins' as const, pluginName: PLUGIN_ID }));
