import type { BadgeProps } from '@strapi/design-system';
import type { ConnectionState, Warning } from '../../../shared/contracts/connections';
import type { StatementPeriodicity } from '../../../shared/contracts/journals';
import type { ErrorClass, RunStatus, Trigger } from '../../../shared/contracts/sync';
import type { TranslationKey } from './translate';

/** Words for the server's codes: states, periodicities, triggers, statuses, warnings and error classes. */
export const stateKey = (state: ConnectionState): TranslationKey => `state.${state}`;
export const periodicityKey = (p: StatementPeriodicity): TranslationKey => `periodicity.${p}`;
export const triggerKey = (t: Trigger): TranslationKey => `trigger.${t}`;
export const runStatusKey = (s: RunStatus): TranslationKey => `run.status.${s}`;
export const warningKey = (w: Warning): TranslationKey => `warning.${w.code}`;
/** What an error of this class means for an accountant, and what to do. */
export const errorClassKey = (c: ErrorClass | null | undefined): TranslationKey => `error.class.${c ?? 'retry'}`;
/** An error worded by its code where the code says more than its class (a balance drift that fails the run), else by its class. */
export const errorKey = (e: { class: ErrorClass | null; code: string | null } | null | undefined): TranslationKey =>
  e?.code === 'balance_drift' ? 'error.code.balance_drift' : errorClassKey(e?.class);

export const STATE_VARIANT: Record<ConnectionState, NonNullable<BadgeProps['variant']>> = {
  connected: 'success',
  pending: 'secondary',
  error: 'danger',
  expired: 'warning',
  disconnected: 'neutral',
};

export const RUN_VARIANT: Record<RunStatus, NonNullable<BadgeProps['variant']>> = {
  running: 'secondary',
  success: 'success',
  partial: 'warning',
  failed: 'danger',
};
