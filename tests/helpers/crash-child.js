/**
 * A Strapi instance in its own process, to be killed with SIGKILL in the middle of its work
 * (tests/reliability/crash.test.ts). On "run <connection id>" it fetches the connection's
 * accounts, then synchronizes it, printing the phase it enters, then "DONE <run>".
 */
const path = require('node:path');
const readline = require('node:readline');
const { createStrapi } = require('@strapi/strapi');

const playground = path.resolve(__dirname, '..', '..', 'playground');

async function main() {
  const strapi = createStrapi({ appDir: playground, distDir: path.join(playground, 'dist') });
  await strapi.load();
  process.stdout.write('READY\n');
  const sync = strapi.plugin('bank-sync').service('sync');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === 'run') {
      const id = Number(arg);
      process.stdout.write('PHASE accounts\n');
      await sync.fetchAccounts(id);
      process.stdout.write('PHASE import\n');
      const run = await sync.runConnection(id);
      process.stdout.write(`DONE ${JSON.stringify(run)}\n`);
    }
    if (command === 'exit') break;
  }
  await strapi.destroy();
  process.exit(0);
}

main().catch((error) => {
  process.stdout.write(`ERROR ${error && error.stack ? String(error.stack).replace(/\n/g, ' | ') : error}\n`);
  process.exit(1);
});
