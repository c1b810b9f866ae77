import { readMinorUnits, toMinorUnits } from '../server/src/domain/money';
import { startTestApp, type TestApp } from './helpers/strapi';

const TABLES = ['bks_journals', 'bks_online_connections', 'bks_online_accounts', 'bks_statements', 'bks_statement_lines', 'bks_sync_runs'];

let app: TestApp;
let lineSeq = 0;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const knex = () => app.strapi.db.connection;

/**
 * The database's error message. Driver errors may come from another realm (a native
 * addon loaded by an earlier test file), so jest's toThrow cannot be used on them.
 */
async function rejection(promise: PromiseLike<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return String((error as { message?: unknown }).message ?? error);
  }
  throw new Error('expected the database to refuse the write');
}

async function insertLine(overrides: Record<string, unknown> = {}) {
  lineSeq += 1;
  return app.strapi.db.query('plugin::bank-sync.bank-statement-line').create({
    data: {
      statementId: 1,
      journalId: 1,
      onlineAccountId: 1,
      bookingDate: '2026-03-01',
      amount: '100',
      currency: 'EUR',
      providerTransactionId: `tx-${lineSeq}`,
      ...overrides,
    },
  });
}

describe('data model', () => {
  it('creates every table on this database', async () => {
    for (const table of TABLES) {
      expect(await knex().schema.hasTable(table)).toBe(true);
    }
  });

  it.each([
    ['EUR', '1234.56', 123456n],
    ['JPY', '987654', 987654n],
    ['BHD', '-12.345', -12345n],
    ['EUR', '100000000000.00', 10n ** 13n],
    ['EUR', '-100000000000.00', -(10n ** 13n)],
    ['KWD', '0.001', 1n],
  ])('round-trips %s %s exactly', async (currency, text, minor) => {
    expect(toMinorUnits(text, currency)).toBe(minor);
    const created = await insertLine({ currency, amount: minor.toString() });
    const viaQueryEngine = await app.strapi.db.query('plugin::bank-sync.bank-statement-line').findOne({ where: { id: created.id } });
    expect(readMinorUnits(viaQueryEngine.amount)).toBe(minor);
    const viaKnex = await knex()('bks_statement_lines').where({ id: created.id }).first('amount');
    expect(readMinorUnits(viaKnex.amount)).toBe(minor);
    const viaDocuments = await app.strapi
      .documents('plugin::bank-sync.bank-statement-line' as never)
      .findOne({ documentId: created.documentId });
    expect(readMinorUnits((viaDocuments as unknown as { amount: unknown }).amount)).toBe(minor);
  });

  it('sums amounts exactly in the database', async () => {
    const account = 4242;
    const amounts = [10n ** 13n, 1n, -(10n ** 12n), 99n];
    for (const amount of amounts) await insertLine({ onlineAccountId: account, amount: amount.toString() });
    const row = await knex()('bks_statement_lines').where({ online_account_id: account }).sum({ total: 'amount' }).first();
    expect(readMinorUnits(String(row?.total))).toBe(amounts.reduce((a, b) => a + b, 0n));
  });

  it('rejects a duplicate (online account, provider transaction id) at the database level', async () => {
    const row = {
      statement_id: 1,
      journal_id: 1,
      online_account_id: 77,
      booking_date: '2026-03-02',
      amount: 500,
      currency: 'EUR',
      provider_transaction_id: 'dup-1',
      document_id: 'dupdoc000000000000000001',
    };
    await knex()('bks_statement_lines').insert(row);
    expect(await rejection(knex()('bks_statement_lines').insert({ ...row, document_id: 'dupdoc000000000000000002' }))).toMatch(
      /unique|duplicate/i,
    );
    // The Query Engine goes through the same constraint.
    expect(await rejection(insertLine({ onlineAccountId: 77, providerTransactionId: 'dup-1' }))).toMatch(/unique|duplicate/i);
    // The same id on another account is another transaction.
    await expect(insertLine({ onlineAccountId: 78, providerTransactionId: 'dup-1' })).resolves.toBeDefined();
    const count = await knex()('bks_statement_lines').where({ provider_transaction_id: 'dup-1' }).count({ n: '*' });
    expect(Number(count[0].n)).toBe(2);
  });

  it('rejects a second journal with the same code at the database level', async () => {
    const base = { name: 'Bank', currency: 'EUR', statement_periodicity: 'month', time_zone: 'UTC' };
    await knex()('bks_journals').insert({ ...base, code: 'UQ1', document_id: 'jdoc00000000000000000001' });
    expect(await rejection(knex()('bks_journals').insert({ ...base, code: 'UQ1', document_id: 'jdoc00000000000000000002' }))).toMatch(
      /unique|duplicate/i,
    );
  });

  it('keeps its indexes when Strapi starts again on the same database', async () => {
    await app.stop({ keepDatabase: true });
    app = await startTestApp({ keepDatabase: true });
    const again = await app.strapi.db.dialect.schemaInspector.getIndexes('bks_statement_lines');
    const names = again.map((index: { name: string }) => index.name);
    expect(names).toEqual(
      expect.arrayContaining(['bks_lines_account_tx_uq', 'bks_lines_journal_date_idx', 'bks_lines_statement_date_idx']),
    );
    const unique = again.find((index: { name: string }) => index.name === 'bks_lines_account_tx_uq');
    expect(unique?.type).toBe('unique');
    // Rows written before the restart are still there.
    const count = await knex()('bks_statement_lines').count({ n: '*' });
    expect(Number(count[0].n)).toBeGreaterThan(5);
  });
});
