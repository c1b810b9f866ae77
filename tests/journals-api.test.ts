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

const post = (body: unknown) =>
  app
    .http()
    .post('/bank-sync/journals')
    .set('Authorization', auth)
    .send(body as object);

describe('journals admin API', () => {
  it('creates a journal with defaults from the plugin config', async () => {
    const res = await post({ name: 'KBC Business', code: 'bnk1', currency: 'eur', bankAccountNumber: 'BE71 0961 2345 6769' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      name: 'KBC Business',
      code: 'BNK1',
      currency: 'EUR',
      statementPeriodicity: 'month',
      timeZone: 'Europe/Brussels',
      onlineAccount: null,
    });
    const list = await app.http().get('/bank-sync/journals').set('Authorization', auth);
    expect(list.body.data.map((j: { code: string }) => j.code)).toEqual(['BNK1']);
  });

  it.each([
    [{ name: 'A', code: 'A1', currency: 'EURO' }, 'currency'],
    [{ name: 'A', code: 'A1', currency: 'EUR', timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ name: 'A', code: 'A1', currency: 'EUR', statementPeriodicity: 'quarter' }, 'statementPeriodicity'],
    [{ name: '', code: 'A1', currency: 'EUR' }, 'name'],
    [{ name: 'A', code: 'has space', currency: 'EUR' }, 'code'],
    [{ name: 'A', code: 'A1', currency: 'EUR', extra: 1 }, 'extra'],
  ])('refuses %j with a 400 naming %s', async (body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toContain(field);
  });

  it('answers 409 for a code already used, case-insensitively', async () => {
    const res = await post({ name: 'Other', code: 'Bnk1', currency: 'USD' });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/BNK1.*already exists/);
  });

  it('answers 404 for an unknown journal and 400 for a malformed id', async () => {
    expect((await app.http().get('/bank-sync/journals/999999').set('Authorization', auth)).status).toBe(404);
    expect((await app.http().get('/bank-sync/journals/abc').set('Authorization', auth)).status).toBe(400);
  });
});
