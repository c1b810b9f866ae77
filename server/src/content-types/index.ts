import journal from './journal/schema';
import onlineConnection from './online-connection/schema';
import onlineAccount from './online-account/schema';
import bankStatement from './bank-statement/schema';
import bankStatementLine from './bank-statement-line/schema';
import syncRun from './sync-run/schema';
import consentReminder from './consent-reminder/schema';

export default {
  journal: { schema: journal },
  'online-connection': { schema: onlineConnection },
  'online-account': { schema: onlineAccount },
  'bank-statement': { schema: bankStatement },
  'bank-statement-line': { schema: bankStatementLine },
  'sync-run': { schema: syncRun },
  'consent-reminder': { schema: consentReminder },
};
