import { failureMessage, failureOutcome, runOutcome, type RunFacts } from '../server/src/domain/connection-outcome';
import type { ClassifiedError } from '../server/src/providers/types';

const now = new Date('2026-03-01T12:00:00Z');
const minutes = (d: Date) => (d.getTime() - now.getTime()) / 60_000;
const retry: ClassifiedError = { class: 'retry', code: 'bank_down', message: 'The bank is down.', providerReference: 'req-1' };
const reauth: ClassifiedError = { class: 'reauth', code: 'consent_gone', message: 'Reconnect.' };
let n = 0;
const reference = () => `BKS-${String(++n).padStart(8, '0')}`;
const facts = (patch: Partial<RunFacts>): RunFacts => ({
  fatal: null,
  accountFailures: [],
  accountsRun: 2,
  invalid: new Map(),
  connection: { frequencyMinutes: 720, consecutiveFailures: 0 },
  now,
  ...patch,
});

describe('failure -> connection state', () => {
  it('retries with exponential backoff capped at the frequency', () => {
    expect([1, 2, 3, 4].map((k) => minutes(failureOutcome(retry, k, 720, now).nextSyncAt))).toEqual([5, 10, 20, 40]);
    expect(minutes(failureOutcome(retry, 12, 60, now).nextSyncAt)).toBe(60);
    expect(failureOutcome(retry, 1, 720, now)).toMatchObject({ state: 'error', pauseAutoSync: false });
  });

  it('waits for the provider on backoff, at least a minute', () => {
    const until = new Date(now.getTime() + 3 * 3_600_000);
    expect(failureOutcome({ ...retry, class: 'backoff', until }, 1, 720, now).nextSyncAt).toEqual(until);
    expect(minutes(failureOutcome({ ...retry, class: 'backoff', until: now }, 1, 720, now).nextSyncAt)).toBe(1);
  });

  it('expires and pauses auto-sync when the consent must be given again', () => {
    expect(failureOutcome(reauth, 1, 720, now)).toMatchObject({ state: 'expired', pauseAutoSync: true });
  });

  it.each(['config', 'gone', 'invalid-request'] as const)('sets error and waits the frequency on %s', (cls) => {
    const outcome = failureOutcome({ ...retry, class: cls }, 3, 120, now);
    expect(outcome.state).toBe('error');
    expect(minutes(outcome.nextSyncAt)).toBe(120);
  });

  it('says the provider request id once, in the message', () => {
    expect(failureMessage(retry)).toBe('The bank is down. (provider request id req-1)');
    expect(failureMessage(reauth)).toBe('Reconnect.');
  });
});

describe('run -> outcome', () => {
  it('a clean run is a success: connected, error cleared, next run after the frequency', () => {
    const outcome = runOutcome(facts({}), reference);
    expect(outcome.status).toBe('success');
    expect(outcome.error).toBeNull();
    expect(outcome.connection).toMatchObject({ state: 'connected', consecutiveFailures: 0, lastError: null, lastSuccessAt: now });
    expect(minutes(outcome.connection.nextSyncAt)).toBe(720);
  });

  it('a fatal failure fails the run and the connection takes its state, with one reference for both', () => {
    const outcome = runOutcome(facts({ fatal: reauth, connection: { frequencyMinutes: 720, consecutiveFailures: 2 } }), reference);
    expect(outcome.status).toBe('failed');
    expect(outcome.error).toMatchObject({ code: 'consent_gone', message: 'Reconnect.', reference: expect.stringMatching(/^BKS-/) });
    expect(outcome.connection).toMatchObject({ state: 'expired', pauseAutoSync: true, consecutiveFailures: 3, lastSuccessAt: null });
    expect(outcome.connection.lastError).toBe(outcome.error);
  });

  it('every account failing is a failed run', () => {
    const outcome = runOutcome(facts({ accountFailures: [retry, retry] }), reference);
    expect(outcome.status).toBe('failed');
    expect(outcome.connection.state).toBe('error');
    expect(outcome.error?.message).toBe('The bank is down. (provider request id req-1)');
  });

  it('one account of two failing is a partial run: connected, no success, the error to read', () => {
    const outcome = runOutcome(facts({ accountFailures: [retry] }), reference);
    expect(outcome.status).toBe('partial');
    expect(outcome.failure).toBe(retry);
    expect(outcome.error?.message).toBe('1 of 2 accounts failed: The bank is down. (provider request id req-1)');
    expect(outcome.connection).toMatchObject({ state: 'connected', consecutiveFailures: 0, lastSuccessAt: null });
  });

  it("a partial run whose failed account was told to wait runs again no sooner than the provider's time", () => {
    const slowDown: ClassifiedError = {
      class: 'backoff',
      code: 'rate_limited',
      message: 'Slow down.',
      until: new Date(now.getTime() + 3 * 3_600_000),
    };
    const outcome = runOutcome(
      facts({ accountFailures: [slowDown], connection: { frequencyMinutes: 60, consecutiveFailures: 0 } }),
      reference,
    );
    expect(outcome.status).toBe('partial');
    expect(minutes(outcome.connection.nextSyncAt)).toBe(180);
    const short = runOutcome(facts({ accountFailures: [slowDown] }), reference);
    expect(minutes(short.connection.nextSyncAt)).toBe(720);
  });

  it('invalid records make a partial run that still counts as a success of the connection', () => {
    const invalid = new Map([
      ['missing or inexact amount', 3],
      ['missing or invalid booking date', 1],
    ]);
    const outcome = runOutcome(facts({ invalid }), reference);
    expect(outcome.status).toBe('partial');
    expect(outcome.error).toMatchObject({
      code: 'invalid_records',
      message: '4 records rejected: missing or inexact amount (3); missing or invalid booking date (1)',
    });
    expect(outcome.connection.lastSuccessAt).toBe(now);
  });
});
