import { startYodleeFake } from '../../fakes/yodlee-server';
import type { ConformanceDriver, FaultClass, NeutralTransaction } from '../driver';

type Fake = Awaited<ReturnType<typeof startYodleeFake>>;

/**
 * Yodlee's failures by the class the engine must see (reference §4.4). A bank needing the user
 * again is no HTTP error at Yodlee (the provider account's status says so, read before the
 * listing): `reauth` cannot happen in the middle of a listing, and tests/yodlee.test.ts checks it.
 */
const FAULTS: Partial<Record<FaultClass, Parameters<Fake['failOnce']>[0]>> = {
  retry: { afterPages: 0, status: 503, errorCode: 'Y902', errorMessage: 'Oops some issue at our end' },
  backoff: { afterPages: 0, status: 429, errorMessage: 'Too many requests' },
  // The token is refused, and a new one too: the application's secret was revoked.
  config: {
    afterPages: 0,
    status: 401,
    errorCode: 'Y008',
    errorMessage: 'Invalid token in authorization header',
    invalidateTokens: true,
    tokenFault: { status: 400, errorCode: 'Y301', errorMessage: 'Invalid clientId or secret' },
  },
  gone: { afterPages: 0, status: 400, errorCode: 'Y807', errorMessage: 'Resource not found' },
};

/** Yodlee ids are integers: the driver numbers the kit's ids as it meets them. */
function numbering(start: number) {
  const ids = new Map<string, number>();
  return (key: string) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = start + ids.size;
      ids.set(key, id);
    }
    return id;
  };
}

export function yodleeDriver(): ConformanceDriver {
  let fake: Fake;
  const accountId = numbering(12_100_001);
  const transactionId = numbering(31_000_001);
  const explicit = (t: NeutralTransaction) => ({
    id: transactionId(t.id),
    date: t.date,
    amountCents: t.amount,
    label: t.label,
    counterparty: t.counterparty,
    pending: t.status === 'pending',
  });
  return {
    providerId: 'yodlee',
    capabilities: {
      pending: true,
      tokenExpiry: true,
      consentExpiry: false,
      changes: false,
      faults: ['retry', 'backoff', 'config', 'gone'],
    },
    institution: { id: '16441', name: 'Dag Site', search: 'dag' },
    async start() {
      fake = await startYodleeFake({ host: '127.0.0.1', port: 0 });
    },
    close: () => fake.close(),
    providerConfig: () => ({
      apiUrl: fake.apiUrl,
      fastlinkUrl: fake.fastlinkUrl,
      // The fake's FastLink page is served, not scripted: it reads the query.
      fastlinkParamsIn: 'query',
      clientId: 'yodlee-client-id',
      clientSecret: 'yodlee-client-secret',
      adminLoginName: 'yodlee-admin',
      pageSize: 500,
    }),
    setBank(next) {
      fake.setBank(
        next.accounts.map((a) => ({
          id: accountId(a.ref),
          name: a.name,
          number: `xxxx${String(accountId(a.ref)).slice(-4)}`,
          currency: a.currency,
          balanceCents: a.balance,
          transactions: next.transactions.filter((t) => t.account === a.ref).map(explicit),
        })),
      );
    },
    addTransactions(transactions) {
      for (const t of transactions) fake.addTransaction(accountId(t.account), explicit(t));
    },
    settle(pendingId, posted) {
      fake.addTransaction(accountId(posted.account), { ...explicit(posted), replaces: transactionId(pendingId) });
    },
    setPageSize(size) {
      fake.setScenario({ pageMax: size });
    },
    failOnce(plan) {
      const fault = FAULTS[plan.class];
      if (!fault) throw new Error(`the Yodlee fake cannot fail a listing as ${plan.class}`);
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
      if (answer.status !== 302) throw new Error(`the Yodlee fake's FastLink page answered ${answer.status}`);
      return Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    },
    providerAccountId: (ref) => String(accountId(ref)),
    providerTransactionId: (id) => `bank:${transactionId(id)}`,
  };
}
