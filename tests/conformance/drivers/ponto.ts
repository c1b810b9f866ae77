import { startPontoFake } from '../../fakes/ponto-server';
import type { ConformanceDriver, FaultClass, NeutralTransaction } from '../driver';

type Fake = Awaited<ReturnType<typeof startPontoFake>>;

/** Ponto's failures by the class the engine must see (reference §1.6). */
const FAULTS: Record<FaultClass, { status: number; code: string; detail: string }> = {
  reauth: { status: 403, code: 'authorizationInvalid', detail: 'The authorization is invalid, the customer must reauthorize the account' },
  retry: { status: 503, code: 'serviceUnavailable', detail: 'The service is temporarily unavailable' },
  backoff: { status: 429, code: 'tooManyRequests', detail: 'Too many requests, retry later' },
  config: { status: 403, code: 'clientIdInvalid', detail: 'The client id is invalid' },
  gone: { status: 404, code: 'resourceNotFound', detail: 'Account not found' },
};

/** UUID-shaped ids, as Ponto's, derived from the kit's ids. */
const uuid = (prefix: string, id: string) => {
  const hex = Buffer.from(`${prefix}:${id}`).toString('hex').padEnd(32, '0').slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

const explicit = (t: NeutralTransaction) => ({
  id: uuid('tx', t.id),
  date: t.date,
  amountCents: t.amount,
  label: t.label,
  counterparty: t.counterparty,
});

export function pontoDriver(): ConformanceDriver {
  let fake: Fake;
  return {
    providerId: 'ponto',
    capabilities: {
      pending: true,
      tokenExpiry: true,
      consentExpiry: true,
      changes: false,
      faults: ['reauth', 'retry', 'backoff', 'config', 'gone'],
    },
    institution: { id: '', name: 'KBC Brussels', search: 'kbc' },
    async start() {
      fake = await startPontoFake({
        host: '127.0.0.1',
        port: 0,
        scenario: { accounts: 1, transactionsPerAccount: 0, pendingPerAccount: 0 },
      });
    },
    close: () => fake.close(),
    providerConfig: () => ({
      apiUrl: fake.apiUrl,
      authorizationUrl: fake.authorizationUrl,
      clientId: 'ponto-client-id',
      clientSecret: 'ponto-client-secret',
      synchronize: false,
      pageLimit: 100,
    }),
    setBank(next) {
      fake.setAccounts(
        next.accounts.map((a) => ({
          id: uuid('account', a.ref),
          iban: a.iban ?? `BE${String(a.ref.charCodeAt(0)).padStart(14, '0')}`,
          name: a.name,
          currency: a.currency,
          balanceCents: a.balance,
          consentExpiresAt: next.consentExpiresAt,
          settled: next.transactions.filter((t) => t.account === a.ref && t.status === 'posted').map(explicit),
          pending: next.transactions.filter((t) => t.account === a.ref && t.status === 'pending').map(explicit),
        })),
      );
    },
    addTransactions(transactions) {
      for (const t of transactions) {
        fake.addExplicit(uuid('account', t.account), { ...explicit(t), pending: t.status === 'pending' });
      }
    },
    settle(pendingId, posted) {
      fake.addExplicit(uuid('account', posted.account), { ...explicit(posted), replaces: uuid('tx', pendingId) });
    },
    setPageSize(size) {
      fake.setScenario({ pageMax: size });
    },
    failOnce(plan) {
      const fault = FAULTS[plan.class];
      fake.failOnce({
        ...fault,
        afterPages: plan.afterPages,
        ...(plan.class === 'backoff' ? { retryAfter: plan.retryAfterSeconds ?? 3600 } : {}),
      });
    },
    expireTokensAfterPages(pages) {
      fake.expireTokensAfterPages(pages);
    },
    async consent(url) {
      const answer = await fetch(url, { redirect: 'manual' });
      if (answer.status !== 302) throw new Error(`the Ponto fake's consent page answered ${answer.status}`);
      return Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    },
    providerAccountId: (ref) => uuid('account', ref),
    providerTransactionId: (id) => uuid('tx', id),
  };
}
