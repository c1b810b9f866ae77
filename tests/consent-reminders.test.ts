import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BANK_SYNC_EVENTS } from '../shared/contracts/events';
import { parseConfig } from '../server/src/config';
import { captureLogs, useTestApp } from './helpers/admin-api';
import { connectSandbox } from './helpers/sandbox';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const mailFile = path.join(os.tmpdir(), `bank-sync-mails-${process.pid}-${Date.now()}.jsonl`);
const EMAILS = ['compta@example.com', 'cfo@example.com'];
const { app, api } = useTestApp({
  env: { BANK_SYNC_TEST_MAIL_FILE: mailFile, BANK_SYNC_CONFIG: JSON.stringify({ reminders: { emails: EMAILS } }) },
});
const { get, post } = api;

interface Mail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
}
const mails = (): Mail[] =>
  fs.existsSync(mailFile)
    ? fs
        .readFileSync(mailFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Mail)
    : [];

const reminders = () => app().strapi.plugin('bank-sync').service('consent-reminders');

/** A connected sandbox connection (never auto-synchronized here) whose consent ends at `end`. */
async function connectionEnding(end: Date, code: string): Promise<number> {
  const s = await connectSandbox(app(), { scenario: { accounts: 1, transactions: 1 }, code, autoSync: false });
  await setConsentEnd(s.connectionId, end);
  return s.connectionId;
}
async function setConsentEnd(id: number, end: Date): Promise<void> {
  await app()
    .strapi.db.query('plugin::bank-sync.online-connection')
    .update({ where: { id }, data: { consentExpiresAt: end } });
}

afterAll(() => fs.rmSync(mailFile, { force: true }));

describe('Consent reminders', () => {
  it('shows the addresses and days in Settings', async () => {
    const res = await get('/bank-sync/settings');
    expect(res.status).toBe(200);
    expect(res.body.data.reminders).toEqual({ emails: EMAILS, days: [15, 3, 1], emailEnabled: true });
  });

  it('refuses a bad reminders configuration, naming the key', () => {
    expect(() => parseConfig({ reminders: { emails: ['not an address'] } })).toThrow(
      /bank-sync\.reminders\.emails\.0: must be an e-mail address/,
    );
    expect(() => parseConfig({ reminders: { days: [3, 3] } })).toThrow(/bank-sync\.reminders\.days: must not repeat a day/);
    expect(() => parseConfig({ reminders: { days: [0] } })).toThrow(/bank-sync\.reminders\.days\.0/);
    expect(parseConfig({}).reminders).toEqual({ emails: [], days: [15, 3, 1] });
  });

  it('e-mails each threshold once per consent end, with the Reconnect link, and emits the event', async () => {
    const heard: Array<Record<string, unknown>> = [];
    app().strapi.eventHub.on(BANK_SYNC_EVENTS.consentExpiring, async (payload: Record<string, unknown>) => {
      heard.push(payload);
    });
    const now = new Date();
    const end = new Date(now.getTime() + 10 * DAY + HOUR);
    const id = await connectionEnding(end, 'REM');
    const before = mails().length;

    const first = await post('/bank-sync/reminders/check');
    expect(first.status).toBe(200);
    const mine = (first.body.data.sent as Array<{ connectionId: number }>).filter((r) => r.connectionId === id);
    expect(mine).toEqual([expect.objectContaining({ connectionId: id, days: 15, emailed: 2 })]);
    const sent = mails().slice(before);
    expect(sent.map((m) => m.to).sort()).toEqual([...EMAILS].sort());
    expect(sent[0]!.subject).toContain('11 days');
    expect(sent[0]!.text).toContain(`/admin/plugins/bank-sync/connections/${id}`);
    expect(sent[0]!.text).toMatch(/^https?:\/\/|Reconnect: https?:\/\//m);
    expect(sent[0]!.text).toContain(end.toISOString().slice(0, 10));
    expect(heard.filter((e) => e.connectionId === id)).toEqual([
      {
        connectionId: id,
        consentEnd: end.toISOString(),
        daysLeft: 11,
        threshold: 15,
        reconnectUrl: expect.stringContaining(`/connections/${id}`),
      },
    ]);

    // Checked again: nothing more (the database knows it went).
    const again = await post('/bank-sync/reminders/check');
    expect((again.body.data.sent as Array<{ connectionId: number }>).filter((r) => r.connectionId === id)).toEqual([]);
    expect(mails().length).toBe(before + 2);

    // 2½ days before the end: the 3-day reminder (and not the 15-day one again).
    const later = await reminders().check(new Date(end.getTime() - 2.5 * DAY));
    expect(later.filter((r: { connectionId: number }) => r.connectionId === id).map((r: { days: number }) => r.days)).toEqual([3]);

    // The connection page's list, newest first.
    const list = await get(`/bank-sync/connections/${id}/reminders`);
    expect(list.status).toBe(200);
    expect(list.body.data.map((r: { days: number }) => r.days)).toEqual([3, 15]);
    expect(list.body.data[0]).toMatchObject({ connectionId: id, consentEnd: `${end.toISOString().slice(0, 19)}Z`, emailed: 2 });
    expect((await get('/bank-sync/connections/999999/reminders')).status).toBe(404);
    expect((await get('/bank-sync/connections/abc/reminders')).status).toBe(400);

    // Reconnected: a new consent end gets its own reminders.
    const renewed = new Date(end.getTime() + 170 * DAY);
    await setConsentEnd(id, renewed);
    const next = await reminders().check(new Date(renewed.getTime() - 14 * DAY));
    expect(next.filter((r: { connectionId: number }) => r.connectionId === id).map((r: { days: number }) => r.days)).toEqual([15]);
  });

  it('sends one reminder when several checks race (the unique index decides, not a lookup)', async () => {
    const end = new Date(Date.now() + 20 * DAY);
    const id = await connectionEnding(end, 'RAC');
    const at = new Date(end.getTime() - 0.5 * DAY);
    const before = mails().length;
    const results = await Promise.all([reminders().check(at), reminders().check(at), reminders().check(at)]);
    const mine = results.flat().filter((r: { connectionId: number }) => r.connectionId === id);
    expect(mine).toHaveLength(1);
    expect(mine[0].days).toBe(1);
    expect(
      mails()
        .slice(before)
        .filter((m) => m.text.includes(`/connections/${id}`)),
    ).toHaveLength(2);
    const rows = await app()
      .strapi.db.query('plugin::bank-sync.consent-reminder')
      .findMany({ where: { connectionId: id } });
    expect(rows).toHaveLength(1);
  });

  it('leaves consents that are far, ended, or on a disconnected connection alone', async () => {
    const now = new Date();
    const far = await connectionEnding(new Date(now.getTime() + 40 * DAY), 'FAR');
    const ended = await connectionEnding(new Date(now.getTime() - DAY), 'END');
    const gone = await connectionEnding(new Date(now.getTime() + 2 * DAY), 'GON');
    await app()
      .strapi.db.query('plugin::bank-sync.online-connection')
      .update({ where: { id: gone }, data: { state: 'disconnected' } });
    const sent = await reminders().check(now);
    const ids = sent.map((r: { connectionId: number }) => r.connectionId);
    for (const id of [far, ended, gone]) expect(ids).not.toContain(id);
  });

  it('is checked by the scheduler tick at most once an hour on an instance', async () => {
    const scheduler = app().strapi.plugin('bank-sync').service('scheduler');
    const t0 = new Date(Date.now() + 100 * DAY);
    await scheduler.tick({ now: t0, wait: true });
    // Due from now on; the next tick within the hour does not look.
    const id = await connectionEnding(new Date(t0.getTime() + 2 * DAY), 'TCK');
    await scheduler.tick({ now: new Date(t0.getTime() + 30 * 60_000), wait: true });
    expect((await get(`/bank-sync/connections/${id}/reminders`)).body.data).toEqual([]);
    await scheduler.tick({ now: new Date(t0.getTime() + 61 * 60_000), wait: true });
    expect((await get(`/bank-sync/connections/${id}/reminders`)).body.data.map((r: { days: number }) => r.days)).toEqual([3]);
  });

  it('without addresses, sends no e-mail but still emits the event once', async () => {
    const config = app().strapi.config.get('plugin::bank-sync') as Record<string, unknown>;
    app().strapi.config.set('plugin::bank-sync', { ...config, reminders: { emails: [], days: [15, 3, 1] } });
    app().strapi.plugin('bank-sync').service('settings').reload();
    try {
      expect((await get('/bank-sync/settings')).body.data.reminders).toEqual({ emails: [], days: [15, 3, 1], emailEnabled: false });
      const end = new Date(Date.now() + 5 * DAY);
      const id = await connectionEnding(end, 'NOM');
      const before = mails().length;
      const sent = await reminders().check(new Date());
      expect(sent.filter((r: { connectionId: number }) => r.connectionId === id)).toEqual([
        expect.objectContaining({ days: 15, emailed: 0 }),
      ]);
      expect(mails().length).toBe(before);
    } finally {
      app().strapi.config.set('plugin::bank-sync', config);
      app().strapi.plugin('bank-sync').service('settings').reload();
    }
  });

  it("without an email provider configured (Strapi's sendmail fallback), says so once at start and e-mails nothing", async () => {
    const provider = app().strapi.config.get('plugin::email.provider');
    expect(provider).toEqual(expect.stringContaining('recording-email-provider'));
    // Strapi's default when the app configures nothing.
    app().strapi.config.set('plugin::email.provider', 'sendmail');
    try {
      const logged = captureLogs(app(), ['warn']);
      reminders().announce();
      expect(logged.filter((l) => l.includes('consent reminders'))).toEqual([expect.stringContaining('email.config.provider')]);
      expect((await get('/bank-sync/settings')).body.data.reminders).toMatchObject({ emails: EMAILS, emailEnabled: false });
      const id = await connectionEnding(new Date(Date.now() + 8 * DAY), 'NOP');
      const before = mails().length;
      const sent = await reminders().check(new Date());
      expect(sent.filter((r: { connectionId: number }) => r.connectionId === id)).toEqual([
        expect.objectContaining({ days: 15, emailed: 0 }),
      ]);
      expect(mails().length).toBe(before);
    } finally {
      app().strapi.config.set('plugin::email.provider', provider);
    }
  });

  it('lets only admins with the settings permission run the check', async () => {
    const role = await app().strapi.service('admin::role').create({ name: 'Bank reader', description: 'read only' });
    await app()
      .strapi.service('admin::role')
      .assignPermissions(role.id, [{ action: 'plugin::bank-sync.read', subject: null, properties: {}, conditions: [] }]);
    await app()
      .strapi.service('admin::user')
      .create({
        email: 'reader@example.com',
        firstname: 'Reader',
        password: 'Reader2026pass',
        roles: [role.id],
        isActive: true,
        registrationToken: null,
      });
    const login = await app().http().post('/admin/login').send({ email: 'reader@example.com', password: 'Reader2026pass' });
    const auth = `Bearer ${login.body.data.token}`;
    expect((await app().http().post('/bank-sync/reminders/check').set('Authorization', auth)).status).toBe(403);
    const id = await connectionEnding(new Date(Date.now() + 50 * DAY), 'RDR');
    expect((await app().http().get(`/bank-sync/connections/${id}/reminders`).set('Authorization', auth)).status).toBe(200);
  });
});
