import { plaidDriver } from './drivers/plaid';
import { describeConformance } from './kit';

describeConformance(plaidDriver);
