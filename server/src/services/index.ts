import settings from './settings';
import secrets from './secrets';
import journals from './journals';
import connections from './connections';

export default {
  settings,
  secrets,
  journals,
  connections,
};
