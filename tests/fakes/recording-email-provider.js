// @ts-check
/**
 * A Strapi email provider for tests and demos: it sends nothing and appends each e-mail as one
 * JSON line to the file named by `providerOptions.file`. Loaded by the playground when
 * BANK_SYNC_TEST_MAIL_FILE is set (playground/config/plugins.ts).
 */
const fs = require('node:fs');

module.exports = {
  /**
   * @param {{ file: string }} providerOptions
   * @param {{ defaultFrom?: string }} settings
   */
  init(providerOptions, settings) {
    return {
      /** @param {Record<string, unknown>} options */
      async send(options) {
        const mail = { from: settings.defaultFrom, ...options, at: new Date().toISOString() };
        fs.appendFileSync(providerOptions.file, `${JSON.stringify(mail)}\n`);
      },
    };
  },
};
