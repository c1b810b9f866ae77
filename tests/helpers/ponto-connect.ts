import type { startPontoFake } from '../fakes/ponto-server';
import type { AdminApi } from './admin-api';
import type { TestApp } from './strapi';

export type PontoFake = Awaited<ReturnType<typeof startPontoFake>>;

export interface PontoConnection {
  connectionId: number;
  accounts: Array<{ id: number; journalId: number; providerAccountId: string }>;
  state: string;
}

let sequence = 0;

/** The plugin's `providers.ponto` pointing at the fake (its client keys), with `extra` over it. */
export function pontoConfigFor(fake: PontoFake, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiUrl: fake.apiUrl,
    authorizationUrl: fake.authorizationUrl,
    clientId: 'ponto-client-id',
    clientSecret: 'ponto-client-secret',
    ...extra,
  };
}

/**
 * The whole Add a Bank Account flow for Ponto through the admin API and the fake's consent
 * page (the admin's browser follows the redirect back with code and state): one new journal
 * per account, history from 2025-01-01. Throws, saying which step, when a step fails.
 */
export async function connectPontoThroughAdmin(app: TestApp, api: AdminApi, fake: PontoFake): Promise<PontoConnection> {
  sequence += 1;
  const start = await api.post('/bank-sync/connect', { providerId: 'ponto', institutionId: 'kbc', institutionName: 'KBC Brussels' });
  if (start.status !== 200) throw new Error(`connect: ${start.status} ${JSON.stringify(start.body)}`);
  const consent = new URL(start.body.data.url);
  if (consent.origin + consent.pathname !== fake.authorizationUrl) throw new Error(`consent page elsewhere: ${consent.origin}`);
  const answer = await fetch(start.body.data.url, { redirect: 'manual' });
  if (answer.status !== 302) throw new Error(`consent page: ${answer.status}`);
  const back = new URL(answer.headers.get('location') as string);
  const params = Object.fromEntries(back.searchParams);
  const complete = await api.post('/bank-sync/connect/complete', { state: params.state, params });
  if (complete.status !== 200) throw new Error(`complete: ${complete.status} ${JSON.stringify(complete.body)}`);
  const connectionId = complete.body.data.connection.id as number;
  const accounts = complete.body.data.accounts as Array<{ id: number; currency: string }>;
  const select = await api.put(`/bank-sync/connections/${connectionId}/accounts`, {
    accounts: accounts.map((a, i) => ({
      accountId: a.id,
      action: 'create',
      journal: { name: `Ponto ${sequence}.${i}`, code: `PO${sequence}X${i}` },
    })),
  });
  if (select.status !== 200) throw new Error(`select accounts: ${select.status} ${JSON.stringify(select.body)}`);
  for (const a of accounts) {
    await app.strapi.db.query('plugin::bank-sync.online-account').update({ where: { id: a.id }, data: { firstFetchDate: '2025-01-01' } });
  }
  return { connectionId, accounts: select.body.data, state: params.state };
}
