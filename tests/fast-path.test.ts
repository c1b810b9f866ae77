import { connectSandbox } from './helpers/sandbox';
import { startTestApp, type TestApp } from './helpers/strapi';

let app: TestApp;
let auth: string;

beforeAll(async () => {
  app = await startTestApp();
  auth = `Bearer ${await app.adminToken()}`;
});
afterAll(async () => {
  await app?.stop();
});

const LINE = 'plugin::bank-sync.bank-statement-line';
const STATEMENT = 'plugin::bank-sync.bank-statement';

describe('rows written by the fast path', () => {
  it('read correctly through the Document Service and the Content Manager API, and nobody writes them by hand', async () => {
    const setup = await connectSandbox(app, {
      scenario: { accounts: 1, transactions: 40, days: 20, endDate: '2026-04-15', pending: 0 },
      code: 'FP',
    });
    await app.strapi.plugin('bank-sync').service('sync').runConnection(setup.connectionId);

    const docs = (await app.strapi.documents(LINE as never).findMany({
      filters: { onlineAccountId: setup.accounts[0].id },
      sort: 'bookingDate:asc',
      limit: 100,
    } as never)) as unknown as Array<Record<string, unknown>>;
    expect(docs).toHaveLength(40);
    for (const doc of docs) {
      expect(doc.documentId).toMatch(/^[a-z][a-z0-9]{23}$/);
      expect(new Date(String(doc.createdAt)).getTime()).toBeGreaterThan(Date.now() - 60_000);
      expect(doc.publishedAt).toBeTruthy();
      expect(typeof doc.amount).toBe('string');
    }
    expect(new Set(docs.map((d) => d.documentId)).size).toBe(40);

    // The Document Service finds a fast-path row by its document id, and refuses to change it.
    const target = docs[0];
    const again = (await app.strapi.documents(LINE as never).findOne({ documentId: target.documentId } as never)) as unknown as Record<
      string,
      unknown
    >;
    expect(again.id).toBe(target.id);
    await expect(
      app.strapi.documents(LINE as never).update({ documentId: target.documentId, data: { amount: '1' } } as never),
    ).rejects.toThrow(/cannot be changed by hand/);

    // The Content Manager does not show them (the plugin's Statements pages do, amounts as
    // decimals with their currency); its API still reads them, as valid documents.
    const types = await app.http().get('/content-manager/content-types').set('Authorization', auth);
    const displayed = (types.body.data as Array<{ uid: string; isDisplayed: boolean }>).filter((t) => t.isDisplayed).map((t) => t.uid);
    expect(displayed).not.toContain(LINE);
    expect(displayed).not.toContain(STATEMENT);
    const list = await app
      .http()
      .get(`/content-manager/collection-types/${LINE}?page=1&pageSize=10&sort=id:ASC`)
      .set('Authorization', auth);
    expect(list.status).toBe(200);
    expect(list.body.pagination.total).toBe(40);
    expect(list.body.results[0].documentId).toMatch(/^[a-z][a-z0-9]{23}$/);
    const one = await app.http().get(`/content-manager/collection-types/${LINE}/${target.documentId}`).set('Authorization', auth);
    expect(one.status).toBe(200);
    expect(one.body.data.providerTransactionId).toBe(target.providerTransactionId);

    const statements = await app.http().get(`/content-manager/collection-types/${STATEMENT}?page=1&pageSize=10`).set('Authorization', auth);
    expect(statements.status).toBe(200);
    expect(statements.body.results.length).toBeGreaterThan(0);
    expect(statements.body.results[0].name).toMatch(/^FP\d+X1\/2026\/0[34]$/);

    // The Content Manager cannot change, create or delete a line or a statement, even for a super admin.
    const edit = await app
      .http()
      .put(`/content-manager/collection-types/${LINE}/${target.documentId}`)
      .set('Authorization', auth)
      .send({ amount: '999999' });
    expect(edit.status).toBe(403);
    const create = await app.http().post(`/content-manager/collection-types/${LINE}`).set('Authorization', auth).send({
      statementId: 1,
      journalId: 1,
      onlineAccountId: 1,
      bookingDate: '2026-04-01',
      amount: '100',
      currency: 'EUR',
      providerTransactionId: 'by-hand',
    });
    expect(create.status).toBe(403);
    const remove = await app
      .http()
      .delete(`/content-manager/collection-types/${STATEMENT}/${statements.body.results[0].documentId}`)
      .set('Authorization', auth);
    expect(remove.status).toBe(403);
    // Any other writer (a service of the app, another plugin) meets the Document Service's refusal, which says why.
    const statementId = statements.body.results[0].documentId as string;
    await expect(app.strapi.documents(STATEMENT as never).delete({ documentId: statementId } as never)).rejects.toThrow(
      /Bank statements cannot be changed by hand/,
    );
    await expect(
      app.strapi.documents(LINE as never).create({
        data: {
          statementId: 1,
          journalId: 1,
          onlineAccountId: 1,
          bookingDate: '2026-04-01',
          amount: '1',
          currency: 'EUR',
          providerTransactionId: 'by-hand',
        },
      } as never),
    ).rejects.toThrow(/Imported bank statement lines cannot be changed by hand/);
    expect(await app.strapi.db.query(STATEMENT as never).count({ where: { documentId: statementId } })).toBe(1);
    const unchanged = (await app.strapi.documents(LINE as never).findOne({ documentId: target.documentId } as never)) as unknown as Record<
      string,
      unknown
    >;
    expect(unchanged.amount).toBe(target.amount);
    expect(await app.strapi.db.query(LINE as never).count({ where: { providerTransactionId: 'by-hand' } })).toBe(0);
  });
});
