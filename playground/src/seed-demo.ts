import type { Core } from '@strapi/strapi';

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
    institutionId: 'sandbox-be',
    institutionName: 'Sandbox Bank Belgium',
    institutionCountry: 'BE',
    credentials: { token: 'sandbox-demo-token' },
    providerData: { scenario: { accounts: 2, transactions: 400, days: 85, pending: 3, openingBalance: 2_500_000, consentDays: 12 } },
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
      name: `Sandbox ${account.name}`,
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
