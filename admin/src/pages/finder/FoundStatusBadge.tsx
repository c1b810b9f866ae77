import type { FoundStatus } from '../../../../shared/contracts/finder-constants';
import { useT, type TranslationKey } from '../../utils/translate';
import { ToneBadge } from '../connections/ToneBadge';

type Variant = Parameters<typeof ToneBadge>[0]['variant'];

const TONE: Record<FoundStatus, Variant> = {
  new: 'success',
  imported: 'secondary',
  pending: 'warning',
  invalid: 'danger',
  currency: 'neutral',
};

export const foundStatusKey = (s: FoundStatus): TranslationKey => `finder.status.${s}`;

/** What an import would do with a transaction, as a coloured word. */
export const FoundStatusBadge = ({ status }: { status: FoundStatus }) => {
  const t = useT();
  return <ToneBadge variant={TONE[status]}>{t(foundStatusKey(status))}</ToneBadge>;
};
