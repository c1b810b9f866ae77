import adminRoutes from '../../server/src/routes/admin';
import { useTestApp } from '../helpers/admin-api';
import { recordFigures } from '../helpers/reliability-figures';
import { connectSandbox } from '../helpers/sandbox';

/**
 * Every admin route, from the router itself, fed what no form sends (issue: reliability
 * suite): ids that do not exist or are no ids, bodies of the wrong type, unknown and
 * prototype keys, huge strings, absurd and injected query parameters. Every answer must be
 * a 2xx or a 4xx with a message, never a 500, and the data must be intact afterwards.
 */
const { app, api } = useTestApp();

// Long enough to be absurd for any field, short enough to pass the 1 MB body limit (which answers 413) with seven of them.
const HUGE = 'x'.repeat(100_000);
const INJECTION = "1'; DROP TABLE bks_journals; --";
const IDS = ['999999', 'abc', '-1', '1e309', '0x10', encodeURIComponent(INJECTION), '%00'];
const BODIES: unknown[] = [
  [],
  'a string',
  42,
  { unknown: true },
  JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  { name: HUGE, code: HUGE, currency: HUGE, providerId: HUGE, institutionId: HUGE, state: HUGE, from: HUGE },
  { name: 1, code: [], currency: {}, accounts: 'all', frequencyMinutes: -5, autoSync: 'yes', from: '2026-02-30' },
  { accounts: [{ accountId: INJECTION, action: 'create', journal: { name: INJECTION, code: INJECTION } }] },
];
const QUERIES = [
  'page=-1&pageSize=1000000000',
  'page=abc&pageSize=-5&limit=1e20&offset=-1',
  `search=${encodeURIComponent(INJECTION)}&sort=${encodeURIComponent('id; DROP TABLE x')}`,
  `search=${encodeURIComponent(HUGE.slice(0, 5000))}`,
  'from=not-a-date&to=2026-13-45&status[$ne]=x&filters[id][$gt]=0',
  'providerId=__proto__&country=%00',
];

type Verb = 'get' | 'post' | 'put' | 'delete';

describe('bad input on every admin route', () => {
  it('answers 2xx or a 4xx with a message to every route fed ids, bodies and queries no form sends, and loses nothing', async () => {
    // Something that could be damaged: a connection with its journals and lines.
    const setup = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 8 }, code: 'BAD' });
    await app().strapi.plugin('bank-sync').service('sync').runConnection(setup.connectionId);
    const knex = app().strapi.db.connection;
    const count = async (table: string) => Number(((await knex(table).count({ n: '*' })) as Array<{ n: unknown }>)[0]!.n);
    const before = { journals: await count('bks_journals'), lines: await count('bks_statement_lines') };

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const check = async (label: string, request: PromiseLike<{ status: number; body: { error?: { message?: string } } }>) => {
      const res = await request;
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) failures.push(`${label}: ${res.status}`);
      else if (res.status >= 400 && !res.body?.error?.message) failures.push(`${label}: ${res.status} without a message`);
    };

    for (const route of adminRoutes.routes) {
      const verb = route.method.toLowerCase() as Verb;
      // Deleting and synchronizing are not sent to the real connection: its data is checked below.
      const realIds = verb === 'delete' || /sync|fetch-accounts|reconnect|reauthorize/.test(route.path) ? [] : [String(setup.connectionId)];
      const ids = route.path.includes(':id') ? [...IDS, ...realIds] : [''];
      for (const id of ids) {
        const url = `/bank-sync${route.path.replace(':id', id)}`;
        if (verb === 'get' || verb === 'delete') {
          for (const query of QUERIES)
            await check(`${route.method} ${url}?${query.slice(0, 40)}`, api[verb === 'get' ? 'get' : 'del'](`${url}?${query}`));
        } else {
          for (const body of BODIES) {
            const request = app()
              .http()
              [verb](url)
              .set('Authorization', `Bearer ${await app().adminToken()}`)
              .set('Content-Type', 'application/json');
            await check(`${route.method} ${url} ${JSON.stringify(body).slice(0, 40)}`, request.send(JSON.stringify(body)));
          }
        }
      }
    }
    expect(failures).toEqual([]);
    // The sweep reached the handlers: their 400s (a field named) and 404s (an unknown id), not only a wall of 413s.
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect(statuses.get(404)).toBeGreaterThan(50);
    expect({}).not.toHaveProperty('polluted');
    expect({ journals: await count('bks_journals'), lines: await count('bks_statement_lines') }).toEqual(before);
    recordFigures('bad input sweep', {
      routes: adminRoutes.routes.length,
      requests: [...statuses.values()].reduce((a, b) => a + b, 0),
      answersByStatus: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      answers500: 0,
      journalsOrLinesLost: 0,
    });
  }, 600_000);
});
