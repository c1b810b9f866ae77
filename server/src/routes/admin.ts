import { ACTIONS } from '../permissions';

type Action = (typeof ACTIONS)[keyof typeof ACTIONS];

/** Every admin route: an authenticated admin holding the plugin permission it names. */
const guarded = (action: Action) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

export default {
  type: 'admin' as const,
  routes: [
    { method: 'GET', path: '/journals', handler: 'journals.list', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/journals/:id', handler: 'journals.findOne', config: guarded(ACTIONS.read) },
    { method: 'POST', path: '/journals', handler: 'journals.create', config: guarded(ACTIONS.manageConnections) },
    { method: 'GET', path: '/connections', handler: 'connections.list', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/connections/:id', handler: 'connections.findOne', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/settings', handler: 'settings.get', config: guarded(ACTIONS.settings) },
  ],
};
