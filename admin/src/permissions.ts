const action = (uid: string) => [{ action: `plugin::bank-sync.${uid}`, subject: null }];

export const PERMISSIONS = {
  read: action('read'),
  synchronize: action('synchronize'),
  manageConnections: action('connections.manage'),
  settings: action('settings'),
};
