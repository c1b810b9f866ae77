import { TABLES } from '../../server/src/constants';
import { captureLogs } from '../helpers/admin-api';
import { startTestApp, type TestApp } from '../helpers/strapi';
import type { ConformanceDriver, FaultClass, NeutralBank, NeutralTransaction } from './driver';

/**
 * The provider conformance kit: what every provider module must do with its fake, checked
 * through the real Strapi and the admin API. Call it from a jest file:
 *
 *   import { describeConformance } from './conformance/kit';
 *   import { myDriver } from './conformance/drivers/my-provider';
 *   describeConformance(myDriver);
 *
 * Each case connects a fresh bank (connect, consent at the fake, accounts, journals), runs
 * synchronizations and compares the statement lines with the bank's posted transactions:
 * exactly the same ids and amounts, each once, balances that add up and chain.
 */

const REDIRECT = 'http://127.0.0.1:1337/admin/plugins/bank-sync/connect/callback';
const DAY = 86_400_000;

const isoDay = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

/** Engine state for each fault class. */
const EXPECTED_STATE: Record<FaultClass, string> = { reauth: 'expired', retry: 'error', backoff: 'error', config: 'error', gone: 'error' };

interface Connected {
  connectionId: number;
  /** Online account id and journal id per neutral account ref. */
  accounts: Map<string, { id: number; journalId: number }>;
}

const SECRET_NAME = /secret|password|token|apikey|privatekey|signingkey/i;

/** The strings under a secret-sounding key (8 characters or more), however deep. */
function secretsIn(value: unknown, underSecretName = false): string[] {
  if (typeof value === 'string') return underSecretName && value.length >= 8 ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => secretsIn(v, underSecretName));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, v]) => secretsIn(v, underSecretName || SECRET_NAME.test(key)));
  }
  return [];
}

export function describeConformance(makeDriver: () => ConformanceDriver): void {
  const driver = makeDriver();
  let app: TestApp;
  let auth: string;
  let seq = 0;

  const http = () => app.http();
  /** Every answer of the admin API in this file, to check no secret ever reaches one. */
  const answers: string[] = [];
  let logged: string[] = [];
  const kept = async (request: ReturnType<ReturnType<typeof http>['get']>) => {
    const res = await request;
    answers.push(res.text);
    return res;
  };
  const post = (url: string, body: object = {}) => kept(http().post(url).set('Authorization', auth).send(body));
  const put = (url: string, body: object) => kept(http().put(url).set('Authorization', auth).send(body));
  const get = (url: string) => kept(http().get(url).set('Authorization', auth));
  const knex = () => app.strapi.db.connection;

  /** A bank of one EUR account (or more), every transaction booked in the last weeks. */
  function bank(transactions: Array<Partial<NeutralTransaction> & { id: string }>, options: Partial<NeutralBank> = {}): NeutralBank {
    const txs = transactions.map<NeutralTransaction>((t, i) => ({
      account: 'A',
      date: isoDay(-20 + (i % 15)),
      amount: (i % 3 === 0 ? 1 : -1) * (1000 + i * 137),
      label: `Invoice ${t.id}`,
      counterparty: 'Office Supplies BV',
      status: 'posted',
      ...t,
    }));
    const balance = txs.filter((t) => t.status === 'posted').reduce((sum, t) => sum + t.amount, 500_000);
    return {
      accounts: [{ ref: 'A', name: 'Business current account', currency: 'EUR', balance, iban: 'BE71096123456769' }],
      transactions: txs,
      consentExpiresAt: new Date(Date.now() + 80 * DAY).toISOString(),
      ...options,
    };
  }

  const many = (n: number, prefix: string, extra: Partial<NeutralTransaction> = {}) =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i + 1}`, ...extra }));

  /** Add a Bank Account through the admin API: search, Connect, consent at the fake, callback, accounts, journals. */
  async function connect(next: NeutralBank): Promise<Connected> {
    driver.setBank(next);
    seq += 1;
    const found = await get(
      `/bank-sync/institutions?providerId=${driver.providerId}&search=${encodeURIComponent(driver.institution.search)}`,
    );
    expect(found.status).toBe(200);
    const institution = (found.body.data as Array<{ id: string; name: string }>).find(
      (i) => i.id === driver.institution.id || i.name === driver.institution.name,
    );
    expect(institution).toBeDefined();
    const start = await post('/bank-sync/connect', { providerId: driver.providerId, institutionId: institution!.id });
    expect(start.status).toBe(200);
    const params = await driver.consent(start.body.data.url as string);
    expect(params.state).toBeTruthy();
    const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
    expect(complete.status).toBe(200);
    const connectionId = complete.body.data.connection.id as number;
    const listed = complete.body.data.accounts as Array<{ id: number; providerAccountId: string; currency: string }>;
    const accounts = new Map<string, { id: number; journalId: number }>();
    const choices = next.accounts.map((a, i) => {
      const account = listed.find((l) => l.providerAccountId === driver.providerAccountId(a.ref));
      expect(account).toBeDefined();
      expect(account!.currency).toBe(a.currency);
      return { accountId: account!.id, action: 'create', journal: { name: `${driver.providerId} ${seq}.${i}`, code: `K${seq}X${i}` } };
    });
    const select = await put(`/bank-sync/connections/${connectionId}/accounts`, { accounts: choices });
    expect(select.status).toBe(200);
    for (const view of select.body.data as Array<{ id: number; journalId: number; providerAccountId: string }>) {
      const ref = next.accounts.find((a) => driver.providerAccountId(a.ref) === view.providerAccountId)?.ref;
      if (ref) accounts.set(ref, { id: view.id, journalId: view.journalId });
      await app.strapi.db
        .query('plugin::bank-sync.online-account')
        .update({ where: { id: view.id }, data: { firstFetchDate: isoDay(-400) } });
    }
    return { connectionId, accounts };
  }

  const sync = async (connectionId: number) => {
    const res = await post(`/bank-sync/connections/${connectionId}/sync`);
    expect(res.status).toBe(200);
    return res.body.data as {
      status: string;
      imported: number;
      duplicates: number;
      pendingSkipped: number;
      changed: number;
      error: { class: string; code: string; message: string } | null;
    };
  };

  const linesOf = async (accountId: number) =>
    (await knex()('bks_statement_lines')
      .select('provider_transaction_id', 'amount', 'booking_date', 'kind', 'label')
      .where({ online_account_id: accountId })
      .orderBy('id')) as Array<{
      provider_transaction_id: string;
      amount: unknown;
      booking_date: unknown;
      kind: string | null;
      label: string | null;
    }>;

  /** The lines of the account are exactly the bank's posted transactions: same ids, amounts and days, each once. */
  async function expectExactly(connected: Connected, transactions: NeutralTransaction[], ref = 'A') {
    const lines = (await linesOf(connected.accounts.get(ref)!.id)).filter((l) => !l.kind);
    const expected = transactions
      .filter((t) => t.account === ref && t.status === 'posted')
      .map((t) => `${driver.providerTransactionId(t.id)} ${t.amount} ${t.date}`)
      .sort();
    const actual = lines
      .map(
        (l) =>
          `${l.provider_transaction_id} ${String(l.amount)} ${String(l.booking_date instanceof Date ? l.booking_date.toISOString() : l.booking_date).slice(0, 10)}`,
      )
      .sort();
    expect(actual).toEqual(expected);
    await expectBalancesAddUp(connected.accounts.get(ref)!.journalId);
  }

  /** Every statement: closing = opening + its lines, its line count right, opening = the previous closing. */
  async function expectBalancesAddUp(journalId: number) {
    const statements = (await knex()('bks_statements')
      .select('id', 'balance_start', 'balance_end', 'line_count')
      .where({ journal_id: journalId })
      .orderBy('period_start')) as Array<{ id: number; balance_start: unknown; balance_end: unknown; line_count: unknown }>;
    let previous: bigint | null = null;
    for (const s of statements) {
      const rows = (await knex()('bks_statement_lines').select('amount').where({ statement_id: s.id })) as Array<{ amount: unknown }>;
      expect(BigInt(String(s.balance_end)) - BigInt(String(s.balance_start))).toBe(
        rows.reduce((sum, r) => sum + BigInt(String(r.amount)), 0n),
      );
      expect(Number(s.line_count)).toBe(rows.length);
      if (previous !== null) expect(BigInt(String(s.balance_start))).toBe(previous);
      previous = BigInt(String(s.balance_end));
    }
  }

  const connectionRow = (id: number) => app.strapi.db.query('plugin::bank-sync.online-connection').findOne({ where: { id } });

  describe(`provider conformance: ${driver.providerId}`, () => {
    beforeAll(async () => {
      await driver.start();
      app = await startTestApp({
        env: {
          BANK_SYNC_CONFIG: JSON.stringify({
            connect: { redirectUri: REDIRECT },
            sync: { maxRetryWaitSeconds: 2 },
            providers: { [driver.providerId]: driver.providerConfig() },
          }),
        },
      });
      auth = `Bearer ${await app.adminToken()}`;
      logged = captureLogs(app, ['error', 'warn', 'info', 'http', 'debug']);
    });
    afterAll(async () => {
      await app?.stop();
      await driver.close();
    });
    beforeEach(() => driver.setPageSize(100));

    it('connects through the consent page, lists the accounts and reads the consent end', async () => {
      const next = bank(many(3, 'c'));
      const connected = await connect(next);
      const row = await connectionRow(connected.connectionId);
      expect(row.state).toBe('connected');
      if (driver.capabilities.consentExpiry) {
        expect(row.consentExpiresAt).toBeTruthy();
        expect(Math.abs(new Date(row.consentExpiresAt).getTime() - new Date(next.consentExpiresAt!).getTime())).toBeLessThan(DAY);
      }
    });

    it('imports the history exactly once, twins kept, pending left out, and balances that add up', async () => {
      const next = bank([
        ...many(12, 'h'),
        { id: 'twin1', date: isoDay(-5), amount: -4250, label: 'COFFEE', counterparty: 'Cafe' },
        { id: 'twin2', date: isoDay(-5), amount: -4250, label: 'COFFEE', counterparty: 'Cafe' },
        ...(driver.capabilities.pending ? [{ id: 'p1', date: isoDay(-1), amount: -999, status: 'pending' as const }] : []),
      ]);
      const connected = await connect(next);
      const run = await sync(connected.connectionId);
      expect(run).toMatchObject({ status: 'success', imported: 14 });
      if (driver.capabilities.pending) expect(run.pendingSkipped).toBeGreaterThanOrEqual(1);
      await expectExactly(connected, next.transactions);
      // The journal's balance is the bank's.
      const journal = await get(`/bank-sync/journals/${connected.accounts.get('A')!.journalId}`);
      expect(journal.body.data.balance).toBe((next.accounts[0]!.balance / 100).toFixed(2));

      // Incremental: the next run imports only what the bank booked since.
      const later: NeutralTransaction[] = many(3, 'n').map((t, i) => ({
        ...t,
        account: 'A',
        date: isoDay(0),
        amount: 5000 + i,
        label: `New ${i}`,
        counterparty: null,
        status: 'posted',
      }));
      driver.addTransactions(later);
      const second = await sync(connected.connectionId);
      expect(second).toMatchObject({ status: 'success', imported: 3 });
      await expectExactly(connected, [...next.transactions, ...later]);
      const third = await sync(connected.connectionId);
      expect(third).toMatchObject({ status: 'success', imported: 0 });
      await expectExactly(connected, [...next.transactions, ...later]);
    });

    it('imports a pending transaction once, when it posts', async () => {
      if (!driver.capabilities.pending) return;
      const next = bank([...many(2, 'q'), { id: 'pend', date: isoDay(-1), amount: -12345, status: 'pending' }]);
      const connected = await connect(next);
      expect(await sync(connected.connectionId)).toMatchObject({ status: 'success', imported: 2 });
      const posted: NeutralTransaction = {
        id: 'pend-posted',
        account: 'A',
        date: isoDay(0),
        amount: -12345,
        label: 'Invoice pend',
        counterparty: 'Office Supplies BV',
        status: 'posted',
        replaces: 'pend',
      };
      driver.settle('pend', posted);
      expect(await sync(connected.connectionId)).toMatchObject({ status: 'success', imported: 1 });
      expect(await sync(connected.connectionId)).toMatchObject({ status: 'success', imported: 0 });
      await expectExactly(connected, [...next.transactions.filter((t) => t.status === 'posted'), posted]);
    });

    it.each([
      ['an empty account', 0, 3],
      ['one transaction', 1, 3],
      ['exactly two full pages', 6, 3],
      ['a page boundary inside one day', 7, 3],
    ])('pages through %s', async (_name, count, pageSize) => {
      const sameDay = isoDay(-3);
      const next = bank(many(count, `g${count}-`, count === 7 ? { date: sameDay } : {}));
      const connected = await connect(next);
      driver.setPageSize(pageSize);
      const run = await sync(connected.connectionId);
      expect(run).toMatchObject({ status: 'success', imported: count });
      await expectExactly(connected, next.transactions);
    });

    it('renews an access token that expires in the middle of a run', async () => {
      if (!driver.capabilities.tokenExpiry || !driver.expireTokensAfterPages) return;
      const next = bank(many(8, 't'));
      const connected = await connect(next);
      driver.setPageSize(2);
      driver.expireTokensAfterPages(1);
      expect(await sync(connected.connectionId)).toMatchObject({ status: 'success', imported: 8 });
      await expectExactly(connected, next.transactions);
    });

    it.each(['reauth', 'retry', 'backoff', 'config', 'gone'] as FaultClass[])(
      'a %s failure in the middle of the transactions: the right class and state, nothing lost or doubled after',
      async (fault) => {
        if (!driver.capabilities.faults.includes(fault)) return;
        const next = bank(many(8, `f${fault}-`));
        const connected = await connect(next);
        driver.setPageSize(2);
        driver.failOnce({ class: fault, afterPages: 1, retryAfterSeconds: 3600 });
        const failed = await sync(connected.connectionId);
        expect(failed.status).not.toBe('success');
        expect(failed.error).toMatchObject({ class: fault });
        expect(failed.error!.message.length).toBeGreaterThan(10);
        const row = await connectionRow(connected.connectionId);
        expect(row.state).toBe(EXPECTED_STATE[fault]);
        if (fault === 'backoff') expect(new Date(row.nextSyncAt).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
        // What was imported before the failure is there once.
        const partial = (await linesOf(connected.accounts.get('A')!.id)).map((l) => l.provider_transaction_id);
        expect(new Set(partial).size).toBe(partial.length);

        if (fault === 'reauth') {
          // The admin reconnects: consent again at the provider, same connection and accounts.
          const again = await post(`/bank-sync/connections/${connected.connectionId}/reconnect`);
          expect(again.status).toBe(200);
          const params = await driver.consent(again.body.data.url as string);
          const complete = await post('/bank-sync/connect/complete', { state: params.state, params });
          expect(complete.status).toBe(200);
          expect((await connectionRow(connected.connectionId)).state).toBe('connected');
        }
        const recovered = await sync(connected.connectionId);
        expect(recovered.status).toBe('success');
        await expectExactly(connected, next.transactions);
        expect((await connectionRow(connected.connectionId)).state).toBe('connected');
      },
    );

    it('rewords, corrects and reverses lines the provider changes or withdraws', async () => {
      if (!driver.capabilities.changes || !driver.modify || !driver.remove) return;
      const next = bank(many(4, 'm'));
      const connected = await connect(next);
      expect(await sync(connected.connectionId)).toMatchObject({ status: 'success', imported: 4 });
      driver.modify('m1', { label: 'Invoice m1 (corrected label)' });
      driver.modify('m2', { amount: next.transactions[1]!.amount - 100 });
      driver.remove('m3');
      const run = await sync(connected.connectionId);
      expect(run).toMatchObject({ status: 'success', changed: 3 });
      const lines = await linesOf(connected.accounts.get('A')!.id);
      const id = (t: string) => driver.providerTransactionId(t);
      expect(lines.find((l) => l.provider_transaction_id === id('m1'))!.label).toBe('Invoice m1 (corrected label)');
      expect(String(lines.find((l) => l.provider_transaction_id === `${id('m2')}~correction~1`)!.amount)).toBe('-100');
      expect(String(lines.find((l) => l.provider_transaction_id === `${id('m3')}~reversal`)!.amount)).toBe(
        String(-next.transactions[2]!.amount),
      );
      expect(await sync(connected.connectionId)).toMatchObject({ status: 'success', changed: 0, imported: 0 });
      await expectBalancesAddUp(connected.accounts.get('A')!.journalId);
    });

    // Last, so that the answers and logs of every case above are checked too.
    it('keeps every secret out of the database in plaintext, out of the answers and out of the logs', async () => {
      const connected = await connect(bank(many(3, 's')));
      expect(await sync(connected.connectionId)).toMatchObject({ status: 'success' });
      await get(`/bank-sync/connections/${connected.connectionId}`);
      await get('/bank-sync/connections');
      await get(`/bank-sync/connections/${connected.connectionId}/accounts`);

      // What the connections hold (decrypted here) and the application's own keys.
      const secrets = new Set<string>();
      const connections = (await knex()('bks_online_connections').select('id')) as Array<{ id: number }>;
      for (const { id } of connections) {
        const credentials = await app.strapi.plugin('bank-sync').service('connections').readCredentials(id);
        for (const value of secretsIn(credentials)) secrets.add(value);
      }
      for (const value of secretsIn(driver.providerConfig())) secrets.add(value);
      expect(secrets.size).toBeGreaterThan(0);

      const dump: string[] = [];
      for (const table of [...Object.values(TABLES), 'strapi_core_store_settings']) {
        dump.push(JSON.stringify(await knex()(table).select('*')));
      }
      const everything = { database: dump.join('\n'), answers: answers.join('\n'), logs: logged.join('\n') };
      const found = [...secrets].flatMap((secret) =>
        Object.entries(everything)
          .filter(([, text]) => text.includes(secret))
          .map(([where]) => `${where} holds ${secret.slice(0, 4)}…`),
      );
      expect(found).toEqual([]);
    });
  });
}
