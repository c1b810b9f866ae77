import { createHash } from 'node:crypto';
import { startPlaidFake } from '../../fakes/plaid-server';
import type { ConformanceDriver, FaultClass, NeutralTransaction } from '../driver';

type Fake = Awaited<ReturnType<typeof startPlaidFake>>;

/** Plaid's failures by the class the engine must see (reference §2.5). */
const FAULTS: Record<FaultClass, { status: number; type: string; code: string }> = {
  reauth: { status: 400, type: 'ITEM_ERROR', code: 'ITEM_LOGIN_REQUIRED' },
  retry: { status: 500, type: 'API_ERROR', code: 'INTERNAL_SERVER_ERROR' },
  backoff: { status: 429, type: 'RATE_LIMIT_EXCEEDED', code: 'TRANSACTIONS_SYNC_LIMIT' },
  config: { status: 400, type: 'INVALID_INPUT', code: 'INVALID_API_KEYS' },
  gone: { status: 400, type: 'INVALID_INPUT', code: 'INVALID_ACCESS_TOKEN' },
};

/** Plaid-shaped ids (37 case-sensitive letters and digits), derived from the kit's ids. */
const plaidId = (prefix: string, id: string) =>
  createHash('sha256')
    .update(`${prefix}:${id}`)
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 37);

const txn = (t: NeutralTransaction) => ({
  id: plaidId('tx', t.id),
  account: plaidId('account', t.account),
  date: t.date,
  amountCents: t.amount,
  label: t.label,
  counterparty: t.counterparty,
  pending: t.status === 'pending',
  replaces: t.replaces ? plaidId('tx', t.replaces) : null,
});

export function plaidDriver(): ConformanceDriver {
  let fake: Fake;
  return {
    providerId: 'plaid',
    capabilities: {
      pending: true,
      tokenExpiry: false,
      consentExpiry: true,
      changes: true,
      faults: ['reauth', 'retry', 'backoff', 'config', 'gone'],
    },
    institution: { id: 'ins_109508', name: 'First Platypus Bank', search: 'platypus' },
    async start() {
      fake = await startPlaidFake({
        host: '127.0.0.1',
        port: 0,
        scenario: { accounts: 1, transactionsPerAccount: 0, pendingPerAccount: 0 },
      });
    },
    close: () => fake.close(),
    providerConfig: () => ({
      apiUrl: fake.apiUrl,
      clientId: 'plaid-client-id',
      clientSecret: 'plaid-secret',
      countryCodes: ['US'],
    }),
    setBank(next) {
      fake.setBank({
        accounts: next.accounts.map((a) => ({
          account_id: plaidId('account', a.ref),
          name: a.name,
          official_name: null,
          mask: (a.iban ?? '0000').slice(-4),
          type: 'depository',
          subtype: 'checking',
          currency: a.currency,
          balanceCents: a.balance,
        })),
        txns: next.transactions.map(txn),
        consentExpiresAt: next.consentExpiresAt,
      });
    },
    addTransactions(transactions) {
      for (const t of transactions) fake.addTransaction(txn(t));
    },
    settle(pendingId, posted) {
      fake.settle(plaidId('tx', pendingId), txn(posted));
    },
    modify(id, change) {
      fake.modify(plaidId('tx', id), { label: change.label, amountCents: change.amount });
    },
    remove(id) {
      fake.remove(plaidId('tx', id));
    },
    setPageSize(size) {
      fake.setScenario({ pageMax: size });
    },
    failOnce(plan) {
      fake.failOnce({ ...FAULTS[plan.class], afterPages: plan.afterPages });
    },
    async consent(url) {
      const answer = await fetch(url, { redirect: 'manual' });
      if (answer.status !== 302) throw new Error(`the Plaid fake's Hosted Link page answered ${answer.status}`);
      return Object.fromEntries(new URL(answer.headers.get('location') as string).searchParams);
    },
    providerAccountId: (ref) => plaidId('account', ref),
    providerTransactionId: (id) => plaidId('tx', id),
  };
}
