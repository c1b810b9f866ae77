import type { Warning } from '../../../shared/contracts/connections';
import { businessDaysSince } from './business-days';
import { formatMinorUnits } from './money';

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

/** What the engine's checks stored on a journal's online account (see balance-drift.ts). */
export interface FeedFacts {
  currency: string;
  /** Bank minus statements, minor units; null when they agree. */
  driftAmount: string | number | null;
  driftSinceRunId: number | null;
  driftSinceAt: string | Date | null;
  balanceAgreedAt: string | Date | null;
  /** The bank's balance and the statements' closing balance, minor units. */
  bankBalance: string | number | null;
  statementsBalance: string | null;
  balanceMovedAt: string | Date | null;
  lastNewLineAt: string | Date | null;
}

export interface FeedConnectionFacts {
  state: string;
  lastSuccessAt: string | Date | null;
  createdAt: string | Date | null;
}

const isoOf = (value: string | Date) => new Date(value).toISOString();

/**
 * What the engine's checks flag on a journal's feed: a bank balance that differs from the
 * statements (`balance_drift`), a connected account without a successful run or without a new
 * transaction for `staleDays` business days (`stale_no_success`, `stale_no_transactions`),
 * and a run that brought no line while the bank's balance moved (`balance_moved_without_lines`).
 */
export function feedWarnings(a: FeedFacts, c: FeedConnectionFacts, staleDays: number, now = new Date()): Warning[] {
  const warnings: Warning[] = [];
  if (
    a.driftAmount !== null &&
    a.driftAmount !== undefined &&
    BigInt(a.driftAmount) !== 0n &&
    a.bankBalance !== null &&
    a.statementsBalance !== null
  ) {
    const bank = formatMinorUnits(String(a.bankBalance), a.currency);
    const statements = a.statementsBalance;
    const difference = formatMinorUnits(String(a.driftAmount), a.currency);
    const since = a.driftSinceAt ? isoOf(a.driftSinceAt) : '';
    const missing = BigInt(a.driftAmount) > 0n ? 'missing from the statements' : 'more in the statements than at the bank';
    const magnitude = difference.replace(/^-/, '');
    warnings.push({
      code: 'balance_drift',
      message:
        `The bank says ${bank} ${a.currency}; the statements end at ${statements} ${a.currency} ` +
        `(${magnitude} ${a.currency} ${missing} since the run of ${since.slice(0, 10)}). ` +
        'The provider gives only a current balance, so the first day the two differ is not known.',
      params: {
        difference,
        bankBalance: bank,
        statementsBalance: statements,
        currency: a.currency,
        ...(a.driftSinceRunId !== null ? { runId: a.driftSinceRunId } : {}),
        since,
        ...(a.balanceAgreedAt ? { agreedAt: isoOf(a.balanceAgreedAt) } : {}),
        // No provider gives a balance per day: where the two diverged is bounded by the runs only.
        basis: 'current_balance',
      },
    });
  }
  if (c.state === 'connected') {
    const lastSuccess = c.lastSuccessAt ?? c.createdAt;
    // The warnings say how many business days it has really been (at least `staleDays`).
    const withoutSuccess = lastSuccess !== null ? businessDaysSince(new Date(lastSuccess), now) : 0;
    const withoutLines = a.lastNewLineAt ? businessDaysSince(new Date(a.lastNewLineAt), now) : 0;
    if (withoutSuccess >= staleDays) {
      warnings.push({
        code: 'stale_no_success',
        message: `No successful synchronization for ${withoutSuccess} business days${c.lastSuccessAt ? ` (last on ${isoOf(c.lastSuccessAt).slice(0, 10)})` : ''}: synchronize now, or check the bank.`,
        params: { days: withoutSuccess, ...(c.lastSuccessAt ? { since: isoOf(c.lastSuccessAt) } : {}) },
      });
    } else if (a.lastNewLineAt && withoutLines >= staleDays) {
      warnings.push({
        code: 'stale_no_transactions',
        message: `No new transaction for ${withoutLines} business days (last on ${isoOf(a.lastNewLineAt).slice(0, 10)}), although synchronization works: check the account at the bank.`,
        params: { days: withoutLines, since: isoOf(a.lastNewLineAt) },
      });
    }
  }
  if (a.balanceMovedAt) {
    warnings.push({
      code: 'balance_moved_without_lines',
      message: `The last synchronization (${isoOf(a.balanceMovedAt).slice(0, 10)}) brought no transaction, yet the bank's balance changed.`,
      params: { date: isoOf(a.balanceMovedAt) },
    });
  }
  return warnings;
}
