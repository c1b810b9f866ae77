import { pontoDriver } from './drivers/ponto';
import { describeConformance } from './kit';

describeConformance(pontoDriver);
