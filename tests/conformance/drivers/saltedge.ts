import { startSaltEdgeFake } from '../../fakes/saltedge-server';
import type { ConformanceDriver, FaultClass, NeutralTransaction } from '../driver';

type Fake = Awaited<ReturnType<typeof startSaltEdgeFake>>;

/** Salt Edge's failures by the class the engine must see (reference §3.5; statuses are the fake's). */
const FAULTS: Record<FaultClass, { status: number; errorClass: string; message: string }> = {
  reauth: { status: 406, errorClass: 'ConsentExpired', message: 'The consent for this connection has expired.' },
  retry: { status: 503, errorClass: 'ProviderUnavailable', message: 'The provider is temporarily unavailable.' },
  backoff: { status: 429, errorClass: 'RateLimitExceeded', message: 'Too many connections are being processed at once.' },
  config: { status: 403, errorClass: 'ClientDisabled', message: 'The client is disabled.' },
  gone: { status: 404, errorClass: 'AccountNotFound', message: 'Account was not found.' },
};

const explicit = (t: NeutralTransaction) => ({
  key: t.id,
  date: t.date,
  amountCents: t.amount,
  label: t.label,
  counterparty: t.counterparty,
});

export function saltEdgeDriver(): ConformanceDriver {
  let fake: Fake;
  const accountIds = new Map<string, string>();
  return {
    providerId: 'saltedge',
    capabilities: {
      pending: true,
      tokenExpiry: false,
      consentExpiry: true,
      changes: false,
      faults: ['reauth', 'retry', 'backoff', 'config', 'gone'],
    },
    institution: { id: 'fakebank_simple_xf', name: 'Fake Bank Simple', search: 'fake bank simple' },
    async start() {
      fake = await startSaltEdgeFake({
        host: '127.0.0.1',
        port: 0,
        scenario: { accounts: 0, transactionsPerAccount: 0, pendingPerAccount: 0 },
      });
    },
    close: () => fake.close(),
    providerConfig: () => ({
      apiUrl: fake.apiUrl,
      clientId: 'saltedge-app-id',
      clientSecret: 'saltedge-secret',
      includeFakeProviders: true,
      // Each run asks for a refresh: the first is done, the next ones are put off (next_refresh_possible_at).
      refresh: true,
      refreshPollMs: 10,
    }),
    setBank(next) {
      // Salt Edge's ids grow with time: the bank's history is booked in date order.
      const ordered = [...next.transactions].sort((a, b) => a.date.localeCompare(b.date));
      const ids = fake.setBank({
        accounts: next.accounts.map((a) => ({ key: a.ref, name: a.name, currency: a.currency, balanceCents: a.balance, iban: a.iban })),
        transactions: ordered.map((t) => ({ ...explicit(t), account: t.account, status: t.status })),
        consentExpiresAt: next.consentExpiresAt,
      });
      accountIds.clear();
      next.accounts.forEach((a, i) => accountIds.set(a.ref, ids[i]!));
    },
    addTransactions(transactions) {
      for (const t of transactions) fake.addTransaction(accountIds.get(t.account)!, explicit(t), t.status);
    },
    settle(pendingId, posted) {
      fake.settle(pendingId, explicit(posted));
    },
    setPageSize(size) {
      fake.setScenario({ pageMax: size });
    },
    failOnce(plan) {
      fake.failOnce({
        ...FAULTS[plan.class],
        afterPages: plan.afterPages,
        ...(plan.class === 'backoff' ? { retryAfter: plan.retryAfterSeconds ?? 3600 } : {}),
      });
    },
    async consent(url) {
      const answer = await fetch(url, { redirect: 'manual' });
      if (answer.status !== 302) throw new Error(`the Salt Edge fake's consent page answered ${answer.status}`);
      return Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    },
    providerAccountId: (ref) => accountIds.get(ref)!,
    providerTransactionId(id) {
      const found = fake.idOf(id);
      if (!found) throw new Error(`the Salt Edge fake has no transaction ${id}`);
      return found;
    },
  };
}
