import settings from './settings';
import secrets from './secrets';
import journals from './journals';
import connections from './connections';
import providers from './providers';
import importer from './importer';
import leases from './leases';
import syncRuns from './sync-runs';
import sync from './sync';
import scheduler from './scheduler';
import statements from './statements';
import connect from './connect';
import providerContext from './provider-context';

export default {
  settings,
  secrets,
  journals,
  connections,
  providers,
  importer,
  leases,
  'sync-runs': syncRuns,
  sync,
  scheduler,
  statements,
  connect,
  'provider-context': providerContext,
};
