import journals from './journals';
import connections from './connections';
import settings from './settings';
import sync from './sync';
import statements from './statements';

export default {
  journals,
  connections,
  settings,
  sync,
  statements,
};
