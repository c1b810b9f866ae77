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
  it('read and update correctly through the Document Service and the Content Manager', async () => {
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

    // The Document Service can update and find a fast-path row by its document id.
    const target = docs[0];
    await app.strapi.documents(LINE as never).update({ documentId: target.documentId, data: { label: 'Edited label' } } as never);
    const again = (await app.strapi.documents(LINE as never).findOne({ documentId: target.documentId } as never)) as unknown as Record<
      string,
      unknown
    >;
    expect(again.label).toBe('Edited label');
    expect(again.id).toBe(target.id);

    // The Content Manager lists and opens them.
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
  });
});
