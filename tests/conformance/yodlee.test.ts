import { yodleeDriver } from './drivers/yodlee';
import { describeConformance } from './kit';

describeConformance(yodleeDriver);
