import { ProviderError } from '../types';
import type { YodleeProviderAccount } from './schemas';

/** `additionalStatus` values that need the user at the bank (§4.4 → REAUTH). */
const REAUTH = new Set([
  'INCORRECT_CREDENTIALS',
  'ADDL_AUTHENTICATION_REQUIRED',
  'NEW_AUTHENTICATION_REQUIRED',
  'CREDENTIALS_UPDATE_NEEDED',
  'CONSENT_REQUIRED',
  'CONSENT_EXPIRED',
  'CONSENT_REVOKED',
  'INCORRECT_OAUTH_TOKEN',
  'ACCOUNT_LOCKED',
  'USER_ACTION_NEEDED_AT_SITE',
]);
/** `additionalStatus` values of a bank site that failed this time (§4.4 → RETRY). */
const SITE = new Set(['SITE_UNAVAILABLE', 'TECH_ERROR', 'REQUEST_TIME_OUT', 'UNEXPECTED_SITE_ERROR', 'SITE_BLOCKING_ERROR']);
/** Provider account statuses of a refresh still running (§4.4 → poll again). */
const RUNNING = new Set(['LOGIN_IN_PROGRESS', 'IN_PROGRESS', 'MIGRATION_IN_PROGRESS']);

export type LinkState = { kind: 'ok' } | { kind: 'running' } | { kind: 'reauth'; reason: string } | { kind: 'site'; reason: string };

/**
 * What a provider account's status and datasets say of the link (§4.4): connection problems
 * are no HTTP errors at Yodlee, they are read here.
 */
export function linkState(account: YodleeProviderAccount): LinkState {
  const statuses = (account.dataset ?? []).map((d) => d.additionalStatus).filter((s): s is string => Boolean(s));
  if (account.status === 'USER_INPUT_REQUIRED') return { kind: 'reauth', reason: 'USER_INPUT_REQUIRED' };
  if (RUNNING.has(account.status) || statuses.some((s) => s.endsWith('_IN_PROGRESS'))) return { kind: 'running' };
  const reauth = statuses.find((s) => REAUTH.has(s));
  if (reauth) return { kind: 'reauth', reason: reauth };
  const site = statuses.find((s) => SITE.has(s));
  if (site) return { kind: 'site', reason: site };
  if (account.status === 'FAILED') return { kind: 'site', reason: statuses[0] ?? 'FAILED' };
  return { kind: 'ok' };
}

/** What the admin reads when the bank needs the user again. */
export function reauthError(reason: string): ProviderError {
  const mfa = reason === 'USER_INPUT_REQUIRED' || reason === 'ADDL_AUTHENTICATION_REQUIRED' || reason === 'NEW_AUTHENTICATION_REQUIRED';
  const consent = reason.startsWith('CONSENT_');
  return new ProviderError({
    class: 'reauth',
    code: `yodlee_${reason.toLowerCase()}`,
    message: consent
      ? `The bank consent given through Yodlee has ended (${reason}): use Reconnect to give it again.`
      : mfa
        ? `The bank asks for the user again (${reason}, multi-factor authentication): use Reconnect; if the bank asks at every refresh, switch auto-sync off and synchronize by hand.`
        : `The bank refuses Yodlee's access (${reason}): use Reconnect to update the bank login.`,
  });
}
