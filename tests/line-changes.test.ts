import type { BankProvider, NormalizedTransaction, RefreshDeferred, TransactionPage } from '../server/src/providers/types';
import { startTestApp, type TestApp } from './helpers/strapi';

/**
 * What the engine does with a provider's changes to transactions it gave (Plaid's modified
 * and removed) and with a refresh the provider puts off. A provider registered by the test
 * gives the pages the test sets.
 */
let app: TestApp;
let pages: TransactionPage[] = [];
let refresh: RefreshDeferred | undefined;
let refreshes = 0;

const tx = (
  id: string,
  bookingDate: string,
  amount: bigint,
  label = id,
  status: 'posted' | 'pending' = 'posted',
): NormalizedTransaction => ({
  providerTransactionId: id,
  bookingDate,
  valueDate: null,
  amount,
  currency: 'EUR',
  label,
  counterpartyName: null,
  counterpartyAccount: null,
  status,
  raw: { id },
});

const changing: BankProvider = {
  id: 'changing',
  displayName: 'Changing Bank',
  capabilities: { refresh: true, pending: true, webhooks: false, reauthorization: false },
  async searchInstitutions() {
    return [];
  },
  async startConnect(_ctx, { redirectUri, state }) {
    return { url: `${redirectUri}?state=${state}` };
  },
  async completeConnect() {
    return { credentials: {} };
  },
  async fetchAccounts() {
    return [{ providerAccountId: 'C1', name: 'Current', accountNumber: 'BE00 1111', currency: 'EUR', balance: null, balanceDate: null }];
  },
  async requestRefresh() {
    refreshes += 1;
    return refresh;
  },
  async *fetchTransactions() {
    for (const page of pages) yield page;
  },
  classifyError(error) {
    return { class: 'retry', code: 'changing', message: String(error) };
  },
};

let connectionId: number;
let accountId: number;
let journalId: number;

const plugin = () => app.strapi.plugin('bank-sync');
const run = () => plugin().service('sync').runConnection(connectionId);
const lines = async () =>
  (await app.strapi.db
    .connection('bks_statement_lines')
    .select('provider_transaction_id', 'amount', 'label', 'kind', 'adjusts', 'note', 'booking_date', 'statement_id')
    .where({ online_account_id: accountId })
    .orderBy('id')) as Array<Record<string, unknown>>;

beforeAll(async () => {
  app = await startTestApp();
  plugin().service('providers').register(changing);
  const connection = await plugin().service('connections').create({ providerId: 'changing', credentials: {} });
  connectionId = connection.id;
  await app.strapi.db.query('plugin::bank-sync.online-connection').update({ where: { id: connectionId }, data: { state: 'connected' } });
  await plugin().service('sync').fetchAccounts(connectionId);
  const account = await app.strapi.db.query('plugin::bank-sync.online-account').findOne({ where: { connection: connectionId } });
  accountId = account.id;
  const journal = await plugin().service('journals').create({ name: 'Changing', code: 'CHG', currency: 'EUR' });
  journalId = journal.id;
  await plugin().service('connections').linkAccount(accountId, journalId);
  await app.strapi.db
    .query('plugin::bank-sync.online-account')
    .update({ where: { id: accountId }, data: { firstFetchDate: '2026-01-01' } });
});
afterAll(async () => {
  await app?.stop();
});

/** Every statement's closing balance is its opening plus its lines, and each opens where the previous closed. */
async function expectBalancesAddUp() {
  const knex = app.strapi.db.connection;
  const statements = (await knex('bks_statements')
    .select('id', 'balance_start', 'balance_end', 'line_count')
    .where({ journal_id: journalId })
    .orderBy('period_start')) as Array<{ id: number; balance_start: unknown; balance_end: unknown; line_count: unknown }>;
  let previousEnd: bigint | null = null;
  for (const s of statements) {
    const rows = (await knex('bks_statement_lines').select('amount').where({ statement_id: s.id })) as Array<{ amount: unknown }>;
    const sum = rows.reduce((total, r) => total + BigInt(String(r.amount)), 0n);
    expect(BigInt(String(s.balance_end)) - BigInt(String(s.balance_start))).toBe(sum);
    expect(Number(s.line_count)).toBe(rows.length);
    if (previousEnd !== null) expect(BigInt(String(s.balance_start))).toBe(previousEnd);
    previousEnd = BigInt(String(s.balance_end));
  }
}

describe('changes to given transactions', () => {
  it('imports first, then rewords a changed label in place and corrects a changed amount with a line of the day', async () => {
    pages = [{ transactions: [tx('A', '2026-02-03', 10000n, 'CARD A'), tx('B', '2026-02-04', -2500n, 'CARD B')], invalid: [], cursor: 1 }];
    expect(await run()).toMatchObject({ status: 'success', imported: 2, changed: 0 });

    const changedB = { ...tx('B', '2026-02-04', -3000n, 'CARD B SHOP'), counterpartyName: 'Shop' };
    pages = [{ transactions: [], invalid: [], modified: [tx('A', '2026-02-03', 10000n, 'CARD A LTD'), changedB], cursor: 2 }];
    expect(await run()).toMatchObject({ status: 'success', imported: 0, changed: 2 });
    const after = await lines();
    expect(after.find((l) => l.provider_transaction_id === 'A')).toMatchObject({ label: 'CARD A LTD', kind: null });
    const b = after.find((l) => l.provider_transaction_id === 'B')!;
    expect(b).toMatchObject({ label: 'CARD B SHOP' });
    expect(String(b.amount)).toBe('-2500'); // never rewritten
    const correction = after.find((l) => l.provider_transaction_id === 'B~correction~1')!;
    expect(correction).toMatchObject({ kind: 'correction', adjusts: 'B' });
    expect(String(correction.amount)).toBe('-500');
    expect(String(correction.note)).toMatch(/from -25\.00 EUR to -30\.00 EUR/);
    // Dated the day it was read, not in February's statement.
    expect(String(correction.booking_date).slice(0, 7)).not.toBe('2026-02');
    await expectBalancesAddUp();
  });

  it('applies the same changes twice only once', async () => {
    const before = await lines();
    expect(await run()).toMatchObject({ status: 'success', imported: 0, changed: 0 });
    expect(await lines()).toEqual(before);
  });

  it('reverses a withdrawn transaction with a line and a note, once; ignores ids never imported', async () => {
    pages = [
      {
        transactions: [],
        invalid: [],
        removed: [{ providerTransactionId: 'B', reason: 'removed by Plaid' }, { providerTransactionId: 'pending-1' }],
        cursor: 3,
      },
    ];
    expect(await run()).toMatchObject({ status: 'success', changed: 1 });
    const after = await lines();
    const reversal = after.find((l) => l.provider_transaction_id === 'B~reversal')!;
    // The opposite of the line plus its correction.
    expect(String(reversal.amount)).toBe('3000');
    expect(reversal).toMatchObject({ kind: 'reversal', adjusts: 'B' });
    expect(String(reversal.note)).toMatch(/removed by Plaid/);
    expect(String(after.find((l) => l.provider_transaction_id === 'B')!.note)).toMatch(/Withdrawn by the bank \(removed by Plaid\)/);
    expect(after.some((l) => String(l.provider_transaction_id).startsWith('pending-1'))).toBe(false);
    expect(await run()).toMatchObject({ status: 'success', changed: 0 });
    expect((await lines()).length).toBe(after.length);
    await expectBalancesAddUp();
  });

  it('imports a changed transaction it never had (posted now) as new, and leaves a pending one out', async () => {
    pages = [
      { transactions: [], invalid: [], modified: [tx('C', '2026-02-10', 700n), tx('D', '2026-02-11', 800n, 'D', 'pending')], cursor: 4 },
    ];
    expect(await run()).toMatchObject({ status: 'success', imported: 1 });
    const ids = (await lines()).map((l) => l.provider_transaction_id);
    expect(ids).toContain('C');
    expect(ids).not.toContain('D');
  });

  it('shows corrections and reversals in the lines API with their kind and note', async () => {
    const res = await app
      .http()
      .get(`/bank-sync/journals/${journalId}/lines?pageSize=50`)
      .set('Authorization', `Bearer ${await app.adminToken()}`);
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.data.map((l: { providerTransactionId: string }) => [l.providerTransactionId, l]));
    expect(byId['B~reversal']).toMatchObject({ kind: 'reversal', amount: '30.00' });
    expect(byId['B~correction~1']).toMatchObject({ kind: 'correction', amount: '-5.00' });
    expect(byId.A).toMatchObject({ kind: null, note: null });
  });
});

describe('a refresh the provider puts off', () => {
  it('is no failure: the run reads what there is and the admin sees until when', async () => {
    const until = new Date(Date.now() + 6 * 3600_000);
    refresh = { until, code: 'changing_refresh_limit', message: 'The bank allows one refresh every 6 hours.' };
    pages = [{ transactions: [tx('E', '2026-02-12', 100n)], invalid: [], cursor: 5 }];
    const before = refreshes;
    expect(await run()).toMatchObject({ status: 'success', imported: 1 });
    expect(refreshes).toBe(before + 1);
    const view = await plugin().service('connections').findOne(connectionId);
    expect(view.state).toBe('connected');
    expect(view.warnings).toContainEqual(expect.objectContaining({ code: 'refresh_limited', params: { date: until.toISOString() } }));

    refresh = { until: null, code: 'changing_in_progress', message: 'Still refreshing.' };
    await run();
    expect((await plugin().service('connections').findOne(connectionId)).warnings).toContainEqual(
      expect.objectContaining({ code: 'refresh_waiting' }),
    );

    refresh = undefined;
    await run();
    const warnings = (await plugin().service('connections').findOne(connectionId)).warnings as Array<{ code: string }>;
    expect(warnings.map((w) => w.code)).not.toContain('refresh_limited');
    expect(warnings.map((w) => w.code)).not.toContain('refresh_waiting');
  });
});
