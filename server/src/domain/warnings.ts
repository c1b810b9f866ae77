import type { Warning } from '../../../shared/contracts/connections';

const DAY = 86_400_000;

interface ConnectionFacts {
  state: string;
  autoSync: boolean;
  consentExpiresAt: string | Date | null;
  lastErrorMessage: string | null;
  lastErrorReference: string | null;
  refreshDeferredUntil?: string | Date | null;
  refreshDeferredCode?: string | null;
  refreshDeferredMessage?: string | null;
}

/**
 * What the admin pages flag on a connection, and on a journal it feeds. A journal passes its
 * own account's consent end (banks give each account its own), the connection the earliest.
 */
export function connectionWarnings(c: ConnectionFacts, warningDays: number, now = new Date()): Warning[] {
  const warnings: Warning[] = [];
  if (c.consentExpiresAt) {
    const expires = new Date(c.consentExpiresAt);
    const days = Math.ceil((expires.getTime() - now.getTime()) / DAY);
    const date = expires.toISOString().slice(0, 10);
    // The admin shows the instant as a day in the journal's time zone (the date above is UTC's).
    const at = expires.toISOString();
    if (expires.getTime() <= now.getTime()) {
      warnings.push({
        code: 'consent_expired',
        message: 'The consent at the bank has ended: reconnect to renew it.',
        params: { date: at },
      });
    } else if (days <= warningDays) {
      warnings.push({
        code: 'consent_expiring',
        message: `The consent at the bank ends in ${days} day${days === 1 ? '' : 's'} (${date}): reconnect before then.`,
        params: { days, date: at },
      });
    }
  }
  if (c.state === 'expired') {
    warnings.push({ code: 'reauth_needed', message: c.lastErrorMessage ?? 'The connection must be re-authorized: reconnect.' });
  } else if (c.state === 'error') {
    const ref = c.lastErrorReference ? ` (reference ${c.lastErrorReference})` : '';
    warnings.push({
      code: 'sync_error',
      message: `${c.lastErrorMessage ?? 'The last synchronization failed.'}${ref}`,
      ...(c.lastErrorReference ? { params: { reference: c.lastErrorReference } } : {}),
    });
  }
  // The provider put the last refresh off: the data read since is what it already had.
  if (c.refreshDeferredCode && c.state !== 'disconnected') {
    const until = c.refreshDeferredUntil ? new Date(c.refreshDeferredUntil) : null;
    if (until && until.getTime() > now.getTime()) {
      warnings.push({
        code: 'refresh_limited',
        message: `${c.refreshDeferredMessage ?? 'The bank refuses a new refresh for now.'} Next refresh allowed at ${until.toISOString()}.`,
        params: { date: until.toISOString() },
      });
    } else if (!until) {
      warnings.push({ code: 'refresh_waiting', message: c.refreshDeferredMessage ?? 'The bank is still refreshing the data.' });
    }
  }
  // An expired connection was paused by the engine: reconnecting is the one thing to do.
  if (!c.autoSync && c.state !== 'disconnected' && c.state !== 'expired') {
    warnings.push({ code: 'auto_sync_off', message: 'Automatic synchronization is off: use Synchronize Now.' });
  }
  return warnings;
}
