import { ACTIONS } from '../../shared/permissions';

const need = (action: string) => [{ action, subject: null }];

/** The server's actions (shared/permissions.ts), in the shape `Page.Protect` and `useRBAC` take. */
export const PERMISSIONS = {
  read: need(ACTIONS.read),
  synchronize: need(ACTIONS.synchronize),
  manageConnections: need(ACTIONS.manageConnections),
  settings: need(ACTIONS.settings),
};
