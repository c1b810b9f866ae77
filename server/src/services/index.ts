import accountImport from './account-import';
import balanceCheck from './balance-check';
import connect from './connect';
import connections from './connections';
import consentReminders from './consent-reminders';
import events from './events';
import failures from './failures';
import finder from './finder';
import importer from './importer';
import journals from './journals';
import lineChanges from './line-changes';
import lineSearch from './line-search';
import providerContext from './provider-context';
import providers from './providers';
import run from './run';
import scheduler from './scheduler';
import secrets from './secrets';
import settings from './settings';
import statements from './statements';
import statementExport from './statement-export';
import sync from './sync';
import syncRuns from './sync-runs';

export default {
  settings,
  secrets,
  journals,
  connections,
  providers,
  'provider-context': providerContext,
  failures,
  importer,
  'line-changes': lineChanges,
  'account-import': accountImport,
  run,
  'sync-runs': syncRuns,
  sync,
  scheduler,
  statements,
  'line-search': lineSearch,
  connect,
  finder,
  'statement-export': statementExport,
  'balance-check': balanceCheck,
  events,
  'consent-reminders': consentReminders,
};
