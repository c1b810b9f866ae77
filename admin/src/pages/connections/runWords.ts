import { useCallback } from 'react';
import type { RunView } from '../../../../shared/contracts/sync';
import { useT } from '../../utils/translate';
import { errorKey } from '../../utils/wording';

/**
 * What a finished run did, in a sentence for a notification: what was imported, what waits
 * (pending), or what failed (worded by the error's class, with its reference).
 */
export function useRunResult() {
  const t = useT();
  return useCallback(
    (run: RunView): { type: 'success' | 'warning' | 'danger'; message: string } => {
      const parts: string[] = [];
      if (run.status === 'failed') parts.push(t('runs.result.failed'));
      else parts.push(t(run.status === 'partial' ? 'runs.result.partial' : 'runs.result.success', { imported: run.imported }));
      if (run.status !== 'failed' && run.pendingSkipped > 0) parts.push(t('runs.result.pending', { count: run.pendingSkipped }));
      if (run.error) {
        parts.push(t(errorKey(run.error)));
        parts.push(t('runs.reference', { reference: run.error.reference }));
      }
      return {
        type: run.status === 'failed' ? 'danger' : run.status === 'partial' ? 'warning' : 'success',
        message: parts.join(' '),
      };
    },
    [t],
  );
}
