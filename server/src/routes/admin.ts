import { ACTIONS, type Action } from '../constants';

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
    { method: 'PUT', path: '/connections/:id', handler: 'connections.update', config: guarded(ACTIONS.manageConnections) },
    { method: 'DELETE', path: '/connections/:id', handler: 'connections.disconnect', config: guarded(ACTIONS.manageConnections) },
    { method: 'GET', path: '/settings', handler: 'settings.get', config: guarded(ACTIONS.settings) },
    { method: 'PUT', path: '/settings', handler: 'settings.update', config: guarded(ACTIONS.settings) },
    { method: 'GET', path: '/settings/defaults', handler: 'settings.defaults', config: guarded(ACTIONS.read) },
    { method: 'POST', path: '/connections/:id/sync', handler: 'sync.runConnection', config: guarded(ACTIONS.synchronize) },
    { method: 'POST', path: '/connections/:id/fetch-accounts', handler: 'sync.fetchAccounts', config: guarded(ACTIONS.synchronize) },
    { method: 'POST', path: '/journals/:id/sync', handler: 'sync.syncJournal', config: guarded(ACTIONS.synchronize) },
    { method: 'POST', path: '/sync-all', handler: 'sync.syncAll', config: guarded(ACTIONS.synchronize) },
    { method: 'GET', path: '/runs', handler: 'sync.listRuns', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/runs/active', handler: 'sync.activeRuns', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/journals/:id/statements', handler: 'statements.listByJournal', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/journals/:id/lines', handler: 'statements.journalLines', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/statements/:id', handler: 'statements.findOne', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/providers', handler: 'connect.providers', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/institutions', handler: 'connect.institutions', config: guarded(ACTIONS.manageConnections) },
    { method: 'POST', path: '/connect', handler: 'connect.start', config: guarded(ACTIONS.manageConnections) },
    { method: 'POST', path: '/connect/complete', handler: 'connect.complete', config: guarded(ACTIONS.manageConnections) },
    { method: 'POST', path: '/connections/:id/reconnect', handler: 'connect.reconnect', config: guarded(ACTIONS.manageConnections) },
    { method: 'POST', path: '/connections/:id/reauthorize', handler: 'connect.reauthorize', config: guarded(ACTIONS.manageConnections) },
    {
      method: 'PUT',
      path: '/connections/:id/credentials',
      handler: 'connect.updateCredentials',
      config: guarded(ACTIONS.manageConnections),
    },
    { method: 'GET', path: '/connections/:id/accounts', handler: 'connect.accounts', config: guarded(ACTIONS.read) },
    { method: 'PUT', path: '/connections/:id/accounts', handler: 'connect.selectAccounts', config: guarded(ACTIONS.manageConnections) },
    { method: 'GET', path: '/statements/:id/lines', handler: 'statements.statementLines', config: guarded(ACTIONS.read) },
    { method: 'POST', path: '/journals/:id/find-missing', handler: 'finder.preview', config: guarded(ACTIONS.synchronize) },
    { method: 'POST', path: '/journals/:id/import-selected', handler: 'finder.importSelected', config: guarded(ACTIONS.synchronize) },
    // Statement export: the file itself (CSV, CAMT.053, OFX), for whoever may read the statements.
    { method: 'GET', path: '/statements/:id/export', handler: 'export.statement', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/journals/:id/export', handler: 'export.journal', config: guarded(ACTIONS.read) },
    { method: 'GET', path: '/connections/:id/reminders', handler: 'reminders.list', config: guarded(ACTIONS.read) },
    { method: 'POST', path: '/reminders/check', handler: 'reminders.check', config: guarded(ACTIONS.settings) },
    { method: 'GET', path: '/events', handler: 'events.list', config: guarded(ACTIONS.read) },
  ],
};
