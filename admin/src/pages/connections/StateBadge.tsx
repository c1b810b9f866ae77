import { ToneBadge } from './ToneBadge';
import type { ConnectionState } from '../../../../shared/contracts/connections';
import { useT } from '../../utils/translate';
import { STATE_VARIANT, stateKey } from '../../utils/wording';

/** A connection's state as a coloured word. */
export const StateBadge = ({ state }: { state: ConnectionState }) => {
  const t = useT();
  return <ToneBadge variant={STATE_VARIANT[state]}>{t(stateKey(state))}</ToneBadge>;
};
