import { partition } from '../validate';
import { ProviderError, type BankProvider, type ClassifiedError, type ErrorClass, type Institution } from '../types';
import { accountIds, accountIndex, balanceOf, endDateOf, recordAt, recordCount } from './bank';
import { mapSandboxRecord } from './mapper';
import { readScenario, scenarioSchema } from './scenario';
import { zodProblems } from '../zod-problems';

const MESSAGES: Record<ErrorClass, string> = {
  retry: 'The sandbox bank is temporarily unavailable; the next attempt will retry.',
  backoff: 'The sandbox bank asks to slow down; synchronization resumes after the indicated time.',
  reauth: 'The sandbox consent has expired: reconnect the bank account to renew it.',
  config: 'The sandbox provider is misconfigured: check the plugin configuration.',
  gone: 'The sandbox account no longer exists at the bank.',
  'invalid-request': 'The sandbox bank refused the request as invalid.',
};

function failure(cls: ErrorClass): ProviderError {
  return new ProviderError({
    class: cls,
    code: `sandbox_${cls.replace('-', '_')}`,
    message: MESSAGES[cls],
    until: cls === 'backoff' ? new Date(Date.now() + 60 * 60 * 1000) : undefined,
    providerReference: `sbx-req-${Date.now().toString(36)}`,
  });
}

const INSTITUTIONS: Institution[] = [
  { id: 'sandbox-be', name: 'Sandbox Bank Belgium', country: 'BE' },
  { id: 'sandbox-fr', name: 'Sandbox Banque France', country: 'FR' },
  { id: 'sandbox-nl', name: 'Sandbox Bank Nederland', country: 'NL', beta: true },
];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Built-in provider with a generated bank (no network): the demo's default and the
 * engine's test double. Its scenario (size, pending, invalid records, failures, latency)
 * comes from `providers.sandbox.scenario` and the connection's `providerData.scenario`.
 */
export const sandboxProvider: BankProvider = {
  id: 'sandbox',
  displayName: 'Sandbox (generated test bank)',
  capabilities: { refresh: false, pending: true, webhooks: false, reauthorization: true },
  credentialFields: [{ key: 'token', label: 'Access token', secret: true }],

  async searchInstitutions(_ctx, { search, country }) {
    const q = search?.trim().toLowerCase();
    return INSTITUTIONS.filter((i) => (!q || i.name.toLowerCase().includes(q)) && (!country || i.country === country.toUpperCase()));
  },

  async findInstitution(_ctx, id) {
    return INSTITUTIONS.find((i) => i.id === id) ?? null;
  },

  async startConnect(_ctx, { redirectUri, state, institutionId }) {
    const url = new URL(redirectUri);
    url.searchParams.set('code', `sandbox-code-${institutionId}`);
    url.searchParams.set('state', state);
    return { url: url.toString() };
  },

  async completeConnect(_ctx, { params }) {
    if (!params.code?.startsWith('sandbox-code-')) {
      throw new ProviderError({ class: 'invalid-request', code: 'invalid_code', message: 'The sandbox consent code is invalid.' });
    }
    return { credentials: { token: `sandbox-token-${params.code.slice('sandbox-code-'.length)}` } };
  },

  async fetchAccounts(ctx) {
    const s = readScenario(ctx.config, ctx.providerData);
    if (s.failAccounts) throw failure(s.failClass);
    const consentEnd = (a: number) => {
      const days = s.accountConsentDays?.[a] ?? s.consentDays;
      return days !== undefined ? new Date(Date.now() + days * 86_400_000) : null;
    };
    return accountIds(s).map((id, a) => ({
      providerAccountId: id,
      name: `Sandbox account ${a + 1}`,
      accountNumber: `BE68 5390 0754 70${String(a + 10).padStart(2, '0')}`,
      currency: s.currency,
      balance: balanceOf(s, a),
      balanceDate: new Date(`${endDateOf(s)}T23:59:59Z`),
      consentExpiresAt: consentEnd(a),
    }));
  },

  async *fetchTransactions(ctx, { providerAccountId, since, resume }) {
    const s = readScenario(ctx.config, ctx.providerData);
    const a = accountIndex(providerAccountId);
    const total = recordCount(s);
    let next = typeof (resume as { next?: unknown } | null)?.next === 'number' ? (resume as { next: number }).next : 0;
    // Skip what is older than `since` (the records are in date order).
    if (!resume) while (next < total && recordAt(s, a, next).bookedAt.slice(0, 10) < since) next += 1;
    let page = 0;
    while (next < total) {
      page += 1;
      if (s.failAtPage === page && (s.failAccount === undefined || s.failAccount === a)) throw failure(s.failClass);
      if (s.latencyMs) await sleep(s.latencyMs);
      const end = Math.min(total, next + s.pageSize);
      const records = [];
      for (let n = next; n < end; n += 1) {
        const raw = recordAt(s, a, n);
        records.push({ mapped: mapSandboxRecord(raw), raw });
      }
      next = end;
      yield { ...partition(records), cursor: { next } };
    }
  },

  async reauthorizationUrl(_ctx, { redirectUri, state }) {
    const url = new URL(redirectUri);
    url.searchParams.set('code', 'sandbox-code-reauth');
    url.searchParams.set('state', state);
    return url.toString();
  },

  validateConfig(config) {
    const { scenario, ...rest } = config;
    const unknown = Object.keys(rest).map((key) => `${key}: unknown key (the sandbox takes only "scenario")`);
    return [...unknown, ...zodProblems(scenarioSchema.safeParse(scenario ?? {})).map((p) => `scenario.${p}`)];
  },

  classifyError(error): ClassifiedError {
    if (error instanceof ProviderError) return error.info;
    return { class: 'retry', code: 'sandbox_unexpected', message: `Unexpected sandbox error: ${(error as Error)?.message ?? error}` };
  },
};

export default sandboxProvider;
