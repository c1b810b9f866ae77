import journals from './journals';
import connections from './connections';
import settings from './settings';

export default {
  journals,
  connections,
  settings,
};
