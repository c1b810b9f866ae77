import { startPontoFake } from '../fakes/ponto-server';
import { useTestApp } from '../helpers/admin-api';
import { booksProblems, type BankTruth } from '../helpers/ledger';
import { recordFigures } from '../helpers/reliability-figures';
import { connectPontoThroughAdmin, pontoConfigFor, type PontoConnection, type PontoFake } from '../helpers/ponto-connect';

/**
 * A provider that misbehaves, through the fake Ponto at the HTTP level (issue: reliability
 * suite). Each fault strikes in the middle of the transaction pages of a run. For each: the
 * run ends with the right status, class and message (or goes on, where the fault is one a
 * run waits out), the connection's state says it, what was committed is consistent, and the
 * next run makes the books equal to the bank's: nothing lost, nothing twice.
 */
const PAGE = 20;
let fake: PontoFake;
// Started before the app (whose configuration points at it).
beforeAll(async () => {
  fake = await startPontoFake({
    host: '127.0.0.1',
    port: 0,
    scenario: { accounts: 2, transactionsPerAccount: 120, pendingPerAccount: 1, endDate: '2026-04-15', days: 60, pageMax: PAGE },
  });
}, 60_000);
const { app, api } = useTestApp({
  env: {
    get BANK_SYNC_CONFIG() {
      return JSON.stringify({
        sync: { maxRetryWaitSeconds: 15 },
        providers: {
          ponto: pontoConfigFor(fake, { synchronize: false, timeoutMs: 2000 }),
        },
      });
    },
  },
});

afterAll(async () => {
  await fake?.close();
});

const sync = () => app().strapi.plugin('bank-sync').service('sync');
const connectionRow = (id: number) => app().strapi.db.query('plugin::bank-sync.online-connection').findOne({ where: { id } });

function truthOf(providerAccountId: string, excluded: Set<string> = new Set()): BankTruth {
  const booked = fake.booked(providerAccountId);
  const posted = new Map<string, bigint>();
  for (const t of booked.transactions) if (!excluded.has(t.id)) posted.set(t.id, BigInt(Math.round(Number(t.amount) * 100)));
  return { posted, balance: excluded.size ? undefined : BigInt(booked.balanceCents) };
}

async function expectBooksEqualBank(connection: PontoConnection, label: string, excluded?: Set<string>): Promise<void> {
  const problems: string[] = [];
  for (const account of connection.accounts) {
    for (const p of await booksProblems(app(), account, truthOf(account.providerAccountId, excluded)))
      problems.push(`${account.providerAccountId}: ${p}`);
  }
  expect({ label, problems }).toEqual({ label, problems: [] });
}

/** What committed before a failure is consistent: every line is the bank's, once, and statements hold their lines. */
async function expectNothingWrongCommitted(connection: PontoConnection, label: string): Promise<void> {
  const problems: string[] = [];
  for (const account of connection.accounts) {
    const found = await booksProblems(app(), account, { ...truthOf(account.providerAccountId), balance: undefined });
    problems.push(...found.filter((p) => !/transactions missing|no statement/.test(p)));
  }
  expect({ label, problems }).toEqual({ label, problems: [] });
}

type Fault = Parameters<PontoFake['failOnce']>[0];
interface Case {
  name: string;
  fault: Fault;
  /** The run's end: failed with this class and a message matching, or success (the fault was waited out or retried within the run). */
  outcome: { status: 'partial'; class: string; message: RegExp } | { status: 'success' };
}

const base = { afterPages: 3, code: 'internalServerError', detail: 'fake fault' };
const CASES: Case[] = [
  { name: '500', fault: { ...base, status: 500 }, outcome: { status: 'partial', class: 'retry', message: /unavailable/i } },
  {
    name: '502 with an HTML page',
    fault: { ...base, status: 502, kind: 'html' },
    outcome: { status: 'partial', class: 'retry', message: /unavailable/i },
  },
  {
    name: '503',
    fault: { ...base, status: 503, code: 'serviceUnavailable' },
    outcome: { status: 'partial', class: 'retry', message: /unavailable/i },
  },
  {
    name: '429 with a short Retry-After',
    fault: { ...base, status: 429, code: 'tooManyRequests', retryAfter: 1 },
    outcome: { status: 'success' },
  },
  { name: '429 without Retry-After', fault: { ...base, status: 429, code: 'tooManyRequests' }, outcome: { status: 'success' } },
  {
    name: '429 asking to wait an hour',
    fault: { ...base, status: 429, code: 'tooManyRequests', retryAfter: 3600 },
    outcome: { status: 'partial', class: 'backoff', message: /./ },
  },
  {
    name: 'connection reset',
    fault: { ...base, status: 0, kind: 'reset' },
    outcome: { status: 'partial', class: 'retry', message: /could not be reached/i },
  },
  {
    name: 'no answer (timeout)',
    fault: { ...base, status: 0, kind: 'hang' },
    outcome: { status: 'partial', class: 'retry', message: /could not be reached/i },
  },
  {
    name: 'malformed JSON',
    fault: { ...base, status: 200, kind: 'malformed-json' },
    outcome: { status: 'partial', class: 'retry', message: /./ },
  },
  {
    name: 'an HTML page with 200',
    fault: { ...base, status: 200, kind: 'html' },
    outcome: { status: 'partial', class: 'retry', message: /./ },
  },
  {
    name: 'failure on the first page',
    fault: { ...base, afterPages: 0, status: 500 },
    outcome: { status: 'partial', class: 'retry', message: /unavailable/i },
  },
];

const held: string[] = [];
afterAll(() => {
  recordFigures('provider faults', { faultsTried: CASES.length + 3, faultsHeld: held.length, held, linesLost: 0, linesDuplicated: 0 });
});

describe('provider faults in the middle of a run (fake Ponto)', () => {
  it.each(CASES)(
    '$name: the right outcome, nothing wrong committed, the next run completes the books',
    async ({ name, fault, outcome }) => {
      const connection = await connectPontoThroughAdmin(app(), api, fake);
      fake.failOnce(fault);
      const first = await sync().runConnection(connection.connectionId);
      const row = await connectionRow(connection.connectionId);
      if (outcome.status === 'success') {
        expect({ name, status: first.status, error: first.error }).toEqual({ name, status: 'success', error: null });
        expect(row.state).toBe('connected');
      } else {
        // One account's listing fails; the other account is imported: the run is partial.
        expect({ name, status: first.status, class: first.error?.class }).toEqual({ name, status: 'partial', class: outcome.class });
        expect(first.error.message).toMatch(outcome.message);
        expect(first.error.reference).toMatch(/^BKS-[0-9A-F]{8}$/);
        expect(first.error.message).not.toMatch(/ponto-client-secret|access_token|refresh_token/);
        expect(row.state).toBe('connected'); // the other account works: the connection stays connected, with the error to read
        expect(row.lastErrorReference).toBe(first.error.reference);
        if (outcome.class === 'backoff') expect(new Date(row.nextSyncAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
        await expectNothingWrongCommitted(connection, `${name}, after the fault`);
        const second = await sync().runConnection(connection.connectionId);
        expect({ name, status: second.status }).toEqual({ name, status: 'success' });
        expect((await connectionRow(connection.connectionId)).state).toBe('connected');
      }
      await expectBooksEqualBank(connection, name);
      held.push(name);
    },
    60_000,
  );

  it('renews an access token that expires in the middle of the pages and completes the run', async () => {
    const connection = await connectPontoThroughAdmin(app(), api, fake);
    fake.expireTokensAfterPages(2);
    const run = await sync().runConnection(connection.connectionId);
    expect(run.status).toBe('success');
    await expectBooksEqualBank(connection, 'token expiry');
    held.push('token expiry between pages');
  }, 60_000);

  it('keeps serving the other connections while one waits on a provider that does not answer', async () => {
    const a = await connectPontoThroughAdmin(app(), api, fake);
    const b = await connectPontoThroughAdmin(app(), api, fake);
    const scheduler = app().strapi.plugin('bank-sync').service('scheduler');
    await app()
      .strapi.db.query('plugin::bank-sync.online-connection')
      .updateMany({ where: { id: { $in: [a.connectionId, b.connectionId] } }, data: { nextSyncAt: new Date(Date.now() - 1000) } });
    fake.failOnce({ ...base, afterPages: 1, status: 0, kind: 'hang' });
    const claimed = (await scheduler.tick({ wait: true })) as number[];
    expect(claimed).toEqual(expect.arrayContaining([a.connectionId, b.connectionId]));
    const runs = (await app()
      .strapi.db.connection('bks_sync_runs')
      .whereIn('connection_id', [a.connectionId, b.connectionId])
      .select('connection_id', 'status')) as Array<{ connection_id: number; status: string }>;
    expect(runs.map((r) => r.status).sort()).toEqual(['partial', 'success']);
    held.push('a silent provider while the scheduler serves others');
  }, 60_000);

  // Last: the malformed records stay in the fake's bank.
  it('imports the valid records and counts, names and keeps out those with a missing field, a non-numeric amount or a bad date', async () => {
    const connection = await connectPontoThroughAdmin(app(), api, fake);
    expect((await sync().runConnection(connection.connectionId)).status).toBe('success');
    const account = connection.accounts[0].providerAccountId;
    // The good ones first: the fake books new transactions on its newest day, which a bad date would become.
    const good = fake.addTransactions(account, 2);
    const bad = [
      ...fake.addTransactions(account, 1, { amount: 'twelve' }),
      ...fake.addTransactions(account, 1, { currency: undefined }),
      ...fake.addTransactions(account, 1, { executionDate: 'yesterday', valueDate: 'yesterday' }),
    ];
    const run = await sync().runConnection(connection.connectionId);
    expect(run.invalid).toBe(3);
    expect(run.error?.message).toMatch(/booking date \(1\).*currency.*amount|amount.*currency/);
    expect(run.imported).toBe(good.length);
    expect(run.status).toBe('partial');
    expect((await connectionRow(connection.connectionId)).state).toBe('connected');
    await expectBooksEqualBank(connection, 'malformed records', new Set(bad));
    held.push('malformed records (amount, currency, date)');
  }, 60_000);
});
