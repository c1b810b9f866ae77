import { parseConfig } from '../server/src/config';
import { startTestApp } from './helpers/strapi';

describe('plugin configuration', () => {
  it('fills every default', () => {
    const config = parseConfig({});
    expect(config.defaultTimeZone).toBe('UTC');
    expect(config.scheduler).toEqual({ enabled: true, tickRule: '*/1 * * * *', concurrency: 4, leaseSeconds: 90 });
    expect(config.sync).toMatchObject({ frequencyMinutes: 720, firstFetchDays: 90, overlapDays: 10 });
    expect(config.webhooks.enabled).toBe(false);
  });

  it('names the bad key', () => {
    expect(() => parseConfig({ scheduler: { concurency: 2 } })).toThrow(/bank-sync\.scheduler: unknown key\(s\) "concurency"/);
    expect(() => parseConfig({ defaultTimeZone: 'Europe/Nowhere' })).toThrow(/bank-sync\.defaultTimeZone: must be an IANA time zone/);
    expect(() => parseConfig({ sync: { overlapDays: -1 } })).toThrow(/bank-sync\.sync\.overlapDays/);
    expect(() => parseConfig({ encryptionKey: 'short' })).toThrow(/bank-sync\.encryptionKey: must be at least 16/);
  });

  it('refuses a scheduler rule node-schedule would not run, instead of a scheduler that never ticks', () => {
    expect(() => parseConfig({ scheduler: { tickRule: 'every minute' } })).toThrow(/bank-sync\.scheduler\.tickRule: must be a cron rule/);
    expect(() => parseConfig({ scheduler: { tickRule: '61 * * * *' } })).toThrow(/bank-sync\.scheduler\.tickRule/);
    expect(parseConfig({ scheduler: { tickRule: '*/5 * * * *' } }).scheduler.tickRule).toBe('*/5 * * * *');
    expect(parseConfig({ sync: {} }).sync.maxRetryWaitSeconds).toBe(30);
  });

  it('stops Strapi from starting with a bad configuration, naming the key', async () => {
    await expect(startTestApp({ env: { BANK_SYNC_CONFIG: JSON.stringify({ scheduler: { concurrency: 0 } }) } })).rejects.toThrow(
      /bank-sync\.scheduler\.concurrency/,
    );
  });

  it('stops Strapi when a provider configuration is wrong, naming the key', async () => {
    await expect(
      startTestApp({
        env: {
          BANK_SYNC_CONFIG: JSON.stringify({
            providers: { ponto: { apiUrl: 'not a url', pageLimit: 500 }, sandbox: { scenario: { accounts: -1 } } },
          }),
        },
      }),
    ).rejects.toThrow(
      /bank-sync\.providers\.ponto\.apiUrl: Invalid url[\s\S]*bank-sync\.providers\.ponto\.pageLimit[\s\S]*bank-sync\.providers\.sandbox\.scenario\.accounts/,
    );
  });
});
