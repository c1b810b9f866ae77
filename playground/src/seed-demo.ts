import type { Core } from '@strapi/strapi';

const INSTITUTION = { id: 'sandbox-be', name: 'Sandbox Bank Belgium', country: 'BE' };

/**
 * The sandbox bank of the demo (seed 1, deterministic): 400 transactions per account over 85
 * days, 3 still pending. Its generated history drifts down by up to 83,127.36 EUR (account 2)
 * from the opening balance, so the accounts open at 95,000.00 EUR: every statement balance stays
 * positive (lowest 11,872.64 EUR) and the accounts end near 59,857 and 13,897 EUR. Consent ends
 * in 170 days, far from the 15-day warning, as after a fresh consent at the bank.
 */
const DEMO_SCENARIO = { accounts: 2, transactions: 400, days: 85, pending: 3, openingBalance: 9_500_000, consentDays: 170 };

/** Journal names as an accountant would give them: the bank and the account's use. */
const JOURNAL_ACCOUNTS = ['Current account', 'Operations account'];

/**
 * Development demo: on a fresh database, one connection to the built-in sandbox bank with
 * two accounts, each linked to a journal, synchronized at once. Skipped in production, in
 * tests, with BANK_SYNC_DEMO=false, or when any connection exists.
 */
export async function seedDemo(strapi: Core.Strapi): Promise<void> {
  if (['production', 'test'].includes(process.env.NODE_ENV ?? '') || process.env.BANK_SYNC_DEMO === 'false') return;
  const plugin = strapi.plugin('bank-sync');
  if ((await strapi.db.query('plugin::bank-sync.online-connection').count()) > 0) return;
  if (!plugin.service('secrets').isConfigured()) return;

  const connection = await plugin.service('connections').create({
    providerId: 'sandbox',
    institutionId: INSTITUTION.id,
    institutionName: INSTITUTION.name,
    institutionCountry: INSTITUTION.country,
    credentials: { token: 'sandbox-demo-token' },
    providerData: { scenario: DEMO_SCENARIO },
  });
  await strapi.db.query('plugin::bank-sync.online-connection').update({
    where: { id: connection.id },
    data: { state: 'connected', nextSyncAt: new Date() },
  });
  await plugin.service('sync').fetchAccounts(connection.id);
  const accounts = await strapi.db.query('plugin::bank-sync.online-account').findMany({
    where: { connection: connection.id },
    orderBy: { id: 'asc' },
  });
  for (const [i, account] of accounts.entries()) {
    const journal = await plugin.service('journals').create({
      name: `${INSTITUTION.name} — ${JOURNAL_ACCOUNTS[i] ?? account.name}`,
      code: `BNK${i + 1}`,
      currency: account.currency,
      bankAccountNumber: account.accountNumber,
      statementPeriodicity: 'month',
    });
    await plugin.service('connections').linkAccount(account.id, journal.id);
  }
  const run = await plugin.service('sync').runConnection(connection.id, { trigger: 'manual' });
  strapi.log.info(`[playground] demo: sandbox bank connected, ${run.imported} transactions imported into BNK1/BNK2`);
}
