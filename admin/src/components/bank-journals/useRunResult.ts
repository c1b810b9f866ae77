import { useCallback } from 'react';
import type { NotificationConfig } from '@strapi/strapi/admin';
import type { RunView } from '../../../../shared/contracts/sync';
import { useT } from '../../utils/translate';
import { errorKey } from '../../utils/wording';

/**
 * The notification that tells how a run ended, worded for its connection (a run imports every
 * account of the bank connection, so its totals are the connection's, not one journal's).
 */
export function useRunResult() {
  const t = useT();
  return useCallback(
    (run: RunView, bank: string): NotificationConfig => {
      const counts = { bank, imported: run.imported, pending: run.pendingSkipped };
      const pending = run.pendingSkipped > 0 ? ` ${t('journals.result.pending', counts)}` : '';
      const reference = run.error?.reference ? ` ${t('error.reference', { reference: run.error.reference })}` : '';
      if (run.status === 'failed') {
        return {
          type: 'danger',
          title: t('journals.result.failedTitle', counts),
          message: `${t(errorKey(run.error))}${reference}`,
          timeout: 15_000,
        };
      }
      if (run.status === 'partial') {
        return {
          type: 'warning',
          title: t('journals.result.partialTitle', counts),
          message: `${t('journals.result.imported', counts)}${pending} ${t(errorKey(run.error))}${reference}`,
          timeout: 15_000,
        };
      }
      return {
        type: 'success',
        title: t('journals.result.successTitle', counts),
        message: `${t('journals.result.imported', counts)}${pending}`,
        timeout: 8_000,
      };
    },
    [t],
  );
}
