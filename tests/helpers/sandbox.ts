import type { TestApp } from './strapi';

export interface SandboxSetup {
  connectionId: number;
  /** journalId is 0 when linkJournals is false. */
  accounts: Array<{ id: number; providerAccountId: string; journalId: number }>;
}

export interface SetupOptions {
  scenario?: Record<string, unknown>;
  periodicity?: 'none' | 'day' | 'week' | 'bimonthly' | 'month';
  timeZone?: string;
  /** Journal code prefix (unique per connection in a test file). */
  code?: string;
  autoSync?: boolean;
  /** First booking date to import (default 2025-01-01: the sandbox dates of these tests are fixed). */
  firstFetchDate?: string;
  /** false: the accounts are fetched but no journal is created or linked (default true). */
  linkJournals?: boolean;
}

let sequence = 0;

/**
 * A connected sandbox connection whose accounts are each linked to a new journal, made
 * through the plugin's own services (as the Add a Bank Account flow will).
 */
export async function connectSandbox(app: TestApp, options: SetupOptions = {}): Promise<SandboxSetup> {
  sequence += 1;
  const plugin = app.strapi.plugin('bank-sync');
  const connection = await plugin.service('connections').create({
    providerId: 'sandbox',
    institutionId: 'sandbox-be',
    institutionName: 'Sandbox Bank Belgium',
    credentials: { token: 'sandbox-token' },
    providerData: { scenario: options.scenario ?? {} },
    autoSync: options.autoSync ?? true,
  });
  await app.strapi.db.query('plugin::bank-sync.online-connection').update({
    where: { id: connection.id },
    data: { state: 'connected' },
  });
  const remote = await plugin.service('sync').fetchAccounts(connection.id);
  const rows = await app.strapi.db.query('plugin::bank-sync.online-account').findMany({
    where: { connection: connection.id },
    orderBy: { id: 'asc' },
  });
  const accounts = [];
  if (options.linkJournals === false) {
    return {
      connectionId: connection.id,
      accounts: rows.map((row: { id: number; providerAccountId: string }) => ({ ...row, journalId: 0 })),
    };
  }
  for (const [i, row] of rows.entries()) {
    const journal = await plugin.service('journals').create({
      name: `Sandbox ${sequence}.${i + 1}`,
      code: `${options.code ?? 'S'}${sequence}X${i + 1}`,
      currency: remote[i].currency,
      statementPeriodicity: options.periodicity ?? 'month',
      timeZone: options.timeZone ?? 'Europe/Brussels',
    });
    await plugin.service('connections').linkAccount(row.id, journal.id);
    await app.strapi.db.query('plugin::bank-sync.online-account').update({
      where: { id: row.id },
      data: { firstFetchDate: options.firstFetchDate ?? '2025-01-01' },
    });
    accounts.push({ id: row.id, providerAccountId: row.providerAccountId, journalId: journal.id });
  }
  return { connectionId: connection.id, accounts };
}

/** Replaces the connection's sandbox scenario (merged over the current one). */
export async function setScenario(app: TestApp, connectionId: number, patch: Record<string, unknown>): Promise<void> {
  const query = app.strapi.db.query('plugin::bank-sync.online-connection');
  const row = await query.findOne({ where: { id: connectionId } });
  const scenario = { ...(row.providerData?.scenario ?? {}), ...patch };
  for (const [key, value] of Object.entries(patch)) if (value === undefined) delete scenario[key];
  await query.update({ where: { id: connectionId }, data: { providerData: { ...(row.providerData ?? {}), scenario } } });
}

export async function lines(app: TestApp, where: Record<string, unknown>) {
  return app.strapi.db
    .connection('bks_statement_lines')
    .where(where)
    .orderBy([{ column: 'booking_date' }, { column: 'id' }]);
}

export async function statements(app: TestApp, journalId: number) {
  return app.strapi.db
    .connection('bks_statements')
    .where({ journal_id: journalId })
    .orderBy([{ column: 'period_start' }, { column: 'id' }]);
}
