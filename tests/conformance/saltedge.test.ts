import { saltEdgeDriver } from './drivers/saltedge';
import { describeConformance } from './kit';

describeConformance(saltEdgeDriver);
