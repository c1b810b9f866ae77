import { useCallback } from 'react';
import type { Warning } from '../../../../shared/contracts/connections';
import { useFormat } from '../../utils/format';
import { useT } from '../../utils/translate';
import { warningKey } from '../../utils/wording';

/** A warning in the admin's words, its date parameter formatted for their locale. */
export function useWarningText() {
  const t = useT();
  const format = useFormat();
  return useCallback(
    (warning: Warning, timeZone?: string): string => {
      const params: Record<string, string | number> = { ...(warning.params ?? {}) };
      const date = params.date;
      if (typeof date === 'string') params.date = /^\d{4}-\d{2}-\d{2}$/.test(date) ? format.day(date) : format.dayOf(date, timeZone);
      if (warning.code === 'sync_error' && !params.reference) params.reference = '—';
      return t(warningKey(warning), params);
    },
    [t, format],
  );
}
