import type { Warning } from '../../../shared/contracts/connections';

const DAY = 86_400_000;

interface ConnectionFacts {
  state: string;
  autoSync: boolean;
  consentExpiresAt: string | Date | null;
  lastErrorMessage: string | null;
  lastErrorReference: string | null;
}

/** What the admin pages flag on a connection (and on the journals it feeds). */
export function connectionWarnings(c: ConnectionFacts, warningDays: number, now = new Date()): Warning[] {
  const warnings: Warning[] = [];
  if (c.consentExpiresAt) {
    const expires = new Date(c.consentExpiresAt);
    const days = Math.ceil((expires.getTime() - now.getTime()) / DAY);
    if (expires.getTime() <= now.getTime()) {
      warnings.push({ code: 'consent_expired', message: 'The consent at the bank has ended: reconnect to renew it.' });
    } else if (days <= warningDays) {
      warnings.push({
        code: 'consent_expiring',
        message: `The consent at the bank ends in ${days} day${days === 1 ? '' : 's'} (${expires.toISOString().slice(0, 10)}): reconnect before then.`,
      });
    }
  }
  if (c.state === 'expired') {
    warnings.push({ code: 'reauth_needed', message: c.lastErrorMessage ?? 'The connection must be re-authorized: reconnect.' });
  } else if (c.state === 'error') {
    const ref = c.lastErrorReference ? ` (reference ${c.lastErrorReference})` : '';
    warnings.push({ code: 'sync_error', message: `${c.lastErrorMessage ?? 'The last synchronization failed.'}${ref}` });
  }
  if (!c.autoSync && c.state !== 'disconnected') {
    warnings.push({ code: 'auto_sync_off', message: 'Automatic synchronization is off: use Synchronize Now.' });
  }
  return warnings;
}
