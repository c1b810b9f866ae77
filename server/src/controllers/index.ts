import journals from './journals';
import connections from './connections';
import settings from './settings';
import sync from './sync';
import statements from './statements';
import connect from './connect';
import webhooks from './webhooks';
import finder from './finder';
import exportController from './export';
import reminders from './reminders';
import events from './events';

export default {
  journals,
  connections,
  settings,
  sync,
  statements,
  connect,
  webhooks,
  finder,
  export: exportController,
  reminders,
  events,
};
