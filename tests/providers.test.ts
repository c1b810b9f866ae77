import type { BankProvider, NormalizedTransaction, ProviderContext } from '../server/src/providers/types';
import { recordAt } from '../server/src/providers/sandbox/bank';
import { readScenario } from '../server/src/providers/sandbox/scenario';
import { startTestApp, type TestApp } from './helpers/strapi';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const registry = () => app.strapi.plugin('bank-sync').service('providers');

/** The README's example provider, in its smallest form: one account, three transactions. */
const acme: BankProvider = {
  id: 'acme',
  displayName: 'ACME Bank API',
  capabilities: { refresh: false, pending: false, webhooks: false, reauthorization: false },
  async searchInstitutions() {
    return [{ id: 'acme', name: 'ACME Bank', country: 'BE' }];
  },
  async startConnect(_ctx, { redirectUri, state }) {
    return { url: `${redirectUri}?code=ok&state=${state}` };
  },
  async completeConnect() {
    return { credentials: { apiKey: 'k' } };
  },
  async fetchAccounts() {
    return [
      { providerAccountId: 'A1', name: 'Current', accountNumber: 'BE00 0000', currency: 'EUR', balance: 1000n, balanceDate: new Date() },
    ];
  },
  async *fetchTransactions() {
    const tx = (id: string, bookingDate: string, amount: bigint): NormalizedTransaction => ({
      providerTransactionId: id,
      bookingDate,
      valueDate: null,
      amount,
      currency: 'EUR',
      label: id,
      counterpartyName: null,
      counterpartyAccount: null,
      status: 'posted',
      raw: { id },
    });
    yield { transactions: [tx('t1', '2026-03-01', 500n), tx('t2', '2026-03-02', -200n)], invalid: [], cursor: { page: 1 } };
    yield { transactions: [tx('t3', '2026-04-01', 50n)], invalid: [{ reason: 'missing amount', raw: {} }], cursor: { page: 2 } };
  },
  classifyError(error) {
    return { class: 'retry', code: 'acme', message: String(error) };
  },
};

describe('provider registry', () => {
  it('tells the admin which credentials each provider takes', async () => {
    const res = await app
      .http()
      .get('/bank-sync/providers')
      .set('Authorization', `Bearer ${await app.adminToken()}`);
    const byId = Object.fromEntries(res.body.data.map((p: { id: string; credentialFields: unknown }) => [p.id, p.credentialFields]));
    expect(byId.ponto).toEqual([
      { key: 'clientId', label: 'Client ID', secret: false },
      { key: 'clientSecret', label: 'Client secret', secret: true },
    ]);
    expect(byId.sandbox).toEqual([{ key: 'token', label: 'Access token', secret: true }]);
  });

  it('lists the built-in sandbox provider', () => {
    expect(
      registry()
        .list()
        .map((p: { id: string }) => p.id),
    ).toContain('sandbox');
  });

  it('runs a provider registered by the app like a built-in one', async () => {
    registry().register(acme);
    const plugin = app.strapi.plugin('bank-sync');
    const connection = await plugin.service('connections').create({ providerId: 'acme', credentials: { apiKey: 'k' } });
    await app.strapi.db.query('plugin::bank-sync.online-connection').update({ where: { id: connection.id }, data: { state: 'connected' } });
    await plugin.service('sync').fetchAccounts(connection.id);
    const account = await app.strapi.db.query('plugin::bank-sync.online-account').findOne({ where: { connection: connection.id } });
    const journal = await plugin.service('journals').create({ name: 'ACME', code: 'ACME', currency: 'EUR' });
    await plugin.service('connections').linkAccount(account.id, journal.id);
    await app.strapi.db
      .query('plugin::bank-sync.online-account')
      .update({ where: { id: account.id }, data: { firstFetchDate: '2026-01-01' } });

    const run = await plugin.service('sync').runConnection(connection.id);
    expect(run).toMatchObject({ imported: 3, invalid: 1, status: 'partial' });
    const view = await plugin.service('journals').findOne(journal.id);
    expect(view.balance).toBe('10.00'); // anchored on the bank balance of 1000 minor units
  });

  it('finds a sandbox institution by its id, and answers null for an unknown id', async () => {
    const { provider, ctx } = app.strapi.plugin('bank-sync').service('provider-context').forProvider('sandbox') as {
      provider: BankProvider;
      ctx: ProviderContext;
    };
    expect(await provider.findInstitution!(ctx, 'sandbox-nl')).toEqual({
      id: 'sandbox-nl',
      name: 'Sandbox Bank Nederland',
      country: 'NL',
      beta: true,
    });
    expect(await provider.findInstitution!(ctx, 'sandbox-xx')).toBeNull();
  });

  it('refuses malformed and duplicate providers with a clear message', () => {
    expect(() => registry().register({ id: 'Bad Id' } as unknown as BankProvider)).toThrow(/lowercase letters/);
    expect(() => registry().register({ id: 'half' } as unknown as BankProvider)).toThrow(/lacks searchInstitutions/);
    expect(() => registry().register(acme)).toThrow(/already registered/);
    expect(() =>
      registry().register({ ...acme, id: 'acme-fields', credentialFields: [{ key: 'apiKey' }] } as unknown as BankProvider),
    ).toThrow(/credentialFields must be a list of \{ key, label, secret \}/);
    expect(() => registry().get('nope')).toThrow(/No provider "nope"/);
  });

  it('refuses to link an account to a journal in another currency, or to a journal already linked', async () => {
    const plugin = app.strapi.plugin('bank-sync');
    const usd = await plugin.service('journals').create({ name: 'USD', code: 'USD1', currency: 'USD' });
    const account = await app.strapi.db
      .query('plugin::bank-sync.online-account')
      .create({ data: { providerAccountId: 'x', currency: 'EUR' } });
    await expect(plugin.service('connections').linkAccount(account.id, usd.id)).rejects.toThrow(/in EUR but journal USD1 is in USD/);
    const acmeJournal = (await plugin.service('journals').list()).find((j: { code: string }) => j.code === 'ACME');
    await expect(plugin.service('connections').linkAccount(account.id, acmeJournal.id)).rejects.toThrow(/already linked/);
  });
});

describe('sandbox bank', () => {
  it("gives value dates as days in the bank's time zone (Brussels), not UTC's", () => {
    // One transaction in the middle of two days: booked at 23:59:59.999 UTC on 30 March, 00:59 in Brussels on the 31st.
    const scenario = readScenario({}, { scenario: { accounts: 1, transactions: 1, days: 2, endDate: '2026-03-31', pending: 0 } });
    const record = recordAt(scenario, 0, 0);
    expect(record.bookedAt).toBe('2026-03-30T23:59:59.999Z');
    expect(record.valueDate).toBe('2026-03-31');
  });
});
