import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BANK_SYNC_EVENTS } from '../shared/contracts/events';
import { useTestApp } from './helpers/admin-api';
import { connectSandbox, setScenario } from './helpers/sandbox';

const END = '2026-04-15';
const { app, api } = useTestApp({ env: { BANK_SYNC_CONFIG: JSON.stringify({ sync: { batchSize: 20 } }) } });
const { get, post } = api;

type Heard = Array<{ name: string; payload: Record<string, unknown> }>;

/** Everything the plugin emits from now on, in order. */
function listen(): Heard {
  const heard: Heard = [];
  for (const name of Object.values(BANK_SYNC_EVENTS)) {
    app().strapi.eventHub.on(name, async (payload: Record<string, unknown>) => {
      heard.push({ name, payload });
    });
  }
  return heard;
}

/** Waits (without asserting on time) until `check` holds, up to a few seconds. */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100 && !check(); i += 1) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`never happened: ${what}`);
}

describe('Events for other code', () => {
  let heard: Heard;
  beforeAll(() => {
    heard = listen();
  });
  beforeEach(() => {
    heard.length = 0;
  });

  it("registers its four events with Strapi's webhook store and lists them", async () => {
    const store = app().strapi.get('webhookStore') as { allowedEvents: Map<string, string> };
    const allowed = [...store.allowedEvents.values()];
    for (const name of Object.values(BANK_SYNC_EVENTS)) expect(allowed).toContain(name);
    const res = await get('/bank-sync/events');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(Object.values(BANK_SYNC_EVENTS).map((name) => ({ name, webhook: true })));
  });

  it('announces each committed batch with its line ids, then the finished run as the API shows it', async () => {
    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 50, days: 50, endDate: END, pending: 0 }, code: 'EVT' });
    const journalId = s.accounts[0]!.journalId;
    const run = await post(`/bank-sync/connections/${s.connectionId}/sync`);
    expect(run.status).toBe(200);
    expect(run.body.data.imported).toBe(50);

    const batches = heard.filter((e) => e.name === BANK_SYNC_EVENTS.linesImported);
    expect(batches.length).toBeGreaterThanOrEqual(3); // 50 lines in batches of 20
    for (const { payload } of batches) {
      expect(payload).toMatchObject({
        connectionId: s.connectionId,
        journalId,
        onlineAccountId: s.accounts[0]!.id,
        runId: run.body.data.id,
      });
      expect((payload.lineIds as number[]).length).toBe((payload.lineDocumentIds as string[]).length);
    }
    // Every line stored, once, with its database and document ids.
    const rows = (await app()
      .strapi.db.connection('bks_statement_lines')
      .select('id', 'document_id')
      .where('journal_id', journalId)) as Array<{ id: number; document_id: string }>;
    const announced = batches.flatMap((b) => b.payload.lineIds as number[]).sort((a, b) => a - b);
    expect(announced).toEqual(rows.map((r) => Number(r.id)).sort((a, b) => a - b));
    const documents = batches.flatMap((b) => b.payload.lineDocumentIds as string[]).sort();
    expect(documents).toEqual(rows.map((r) => r.document_id).sort());

    // The run last, as GET /runs returns it.
    const last = heard[heard.length - 1]!;
    expect(last.name).toBe(BANK_SYNC_EVENTS.runFinished);
    const listed = (await get(`/bank-sync/runs?connectionId=${s.connectionId}`)).body.data[0];
    expect(last.payload).toEqual({ run: listed });
    expect(last.payload).toEqual({ run: run.body.data });

    // Run again: nothing new, no line event; the run is still announced.
    heard.length = 0;
    const again = await post(`/bank-sync/connections/${s.connectionId}/sync`);
    expect(again.body.data.imported).toBe(0);
    expect(heard.map((e) => e.name)).toEqual([BANK_SYNC_EVENTS.runFinished]);
  });

  it('announces a failure recorded on a connection with its code, class and reference, never a secret', async () => {
    const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 30, days: 30, endDate: END, pending: 0 }, code: 'ERR' });
    await setScenario(app(), s.connectionId, { failAtPage: 1, failClass: 'reauth' });
    const run = await post(`/bank-sync/connections/${s.connectionId}/sync`);
    expect(run.body.data.status).toBe('failed');
    const errors = heard.filter((e) => e.name === BANK_SYNC_EVENTS.connectionError);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.payload).toEqual({ connectionId: s.connectionId, runId: run.body.data.id, error: run.body.data.error });
    expect(run.body.data.error).toMatchObject({ class: 'reauth', reference: expect.stringMatching(/^BKS-/) });
    const text = JSON.stringify(heard);
    expect(text).not.toContain('sandbox-token');
    expect(text).not.toMatch(/credentials|clientSecret/i);
    // The connection page shows the same reference.
    const connection = (await get(`/bank-sync/connections/${s.connectionId}`)).body.data;
    expect(JSON.stringify(connection)).toContain(run.body.data.error.reference);

    // Fetch Accounts failing is announced too (no run).
    heard.length = 0;
    await setScenario(app(), s.connectionId, { failAtPage: undefined, failAccounts: true });
    const fetch = await post(`/bank-sync/connections/${s.connectionId}/fetch-accounts`);
    expect(fetch.status).toBeGreaterThanOrEqual(400);
    const fetchErrors = heard.filter((e) => e.name === BANK_SYNC_EVENTS.connectionError);
    expect(fetchErrors).toHaveLength(1);
    expect(fetchErrors[0]!.payload).toMatchObject({
      connectionId: s.connectionId,
      runId: null,
      error: { reference: fetch.body.error.details.reference },
    });
  });

  it('reaches a Strapi webhook registered for its events, and Strapi refuses an event it does not know', async () => {
    const received: Array<{ headers: http.IncomingHttpHeaders; body: Record<string, unknown> }> = [];
    const server = http.createServer((req, res) => {
      let data = '';
      req.on('data', (chunk) => (data += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(data) as Record<string, unknown> });
        res.end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      const created = await post('/admin/webhooks', { name: 'accounting', url, headers: {}, events: [BANK_SYNC_EVENTS.runFinished] });
      expect(created.status).toBe(201);
      const refused = await post('/admin/webhooks', { name: 'bad', url, headers: {}, events: ['bank-sync.not-an-event'] });
      expect(refused.status).toBe(400);

      const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 5, days: 5, endDate: END, pending: 0 }, code: 'WHK' });
      const run = await post(`/bank-sync/connections/${s.connectionId}/sync`);
      await until(() => received.length > 0, 'the webhook call');
      expect(received[0]!.headers['x-strapi-event']).toBe(BANK_SYNC_EVENTS.runFinished);
      expect(received[0]!.body).toMatchObject({ event: BANK_SYNC_EVENTS.runFinished, run: { id: run.body.data.id, imported: 5 } });
    } finally {
      server.close();
    }
  });
});
