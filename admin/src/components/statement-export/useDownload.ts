import { useState } from 'react';
import { useAPIErrorHandler, useNotification } from '@strapi/strapi/admin';
import { useT } from '../../utils/translate';

/** Runs a download, says when it is done or why it failed, and tells whether one is under way. */
export function useDownload() {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const [busy, setBusy] = useState(false);
  const run = async (start: () => Promise<string>) => {
    setBusy(true);
    try {
      const name = await start();
      toggleNotification({ type: 'success', message: t('export.done', { file: name }) });
    } catch (error) {
      const detail = error instanceof Error && 'response' in error ? formatAPIError(error as Parameters<typeof formatAPIError>[0]) : '';
      toggleNotification({ type: 'danger', message: detail ? `${t('export.failed')} ${detail}` : t('export.failed') });
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
