/**
 * A Strapi instance in its own process on the test's database, driven by lines on stdin
 * (tests/helpers/child-instance.ts), to run beside others or to be killed with SIGKILL:
 * - "tick-for <ms>": ticks the bank-sync scheduler every 100 ms for that long, as its cron job
 *   would, printing "CLAIMED <ids>" for each tick that claimed something (as soon as claimed,
 *   before the runs end), then waits for its runs and prints "RESULT <every id it claimed>"
 *   (tests/reliability/instances.test.ts);
 * - "run <connection id>": fetches the connection's accounts, then synchronizes it, printing
 *   the phase it enters ("PHASE accounts", "PHASE import"), then "DONE <run>"
 *   (tests/reliability/crash.test.ts).
 */
const path = require('node:path');
const readline = require('node:readline');
const { createStrapi } = require('@strapi/strapi');

const playground = path.resolve(__dirname, '..', '..', 'playground');
/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const strapi = createStrapi({ appDir: playground, distDir: path.join(playground, 'dist') });
  await strapi.load();
  process.stdout.write('READY\n');
  const scheduler = strapi.plugin('bank-sync').service('scheduler');
  const sync = strapi.plugin('bank-sync').service('sync');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    const [command, arg] = line.trim().split(/\s+/);
    if (command === 'tick-for') {
      const until = Date.now() + Number(arg);
      const all = [];
      while (Date.now() < until) {
        const claimed = await scheduler.tick();
        if (claimed.length) process.stdout.write(`CLAIMED ${JSON.stringify(claimed)}\n`);
        all.push(...claimed);
        await sleep(100);
      }
      await scheduler.drain();
      process.stdout.write(`RESULT ${JSON.stringify(all)}\n`);
    }
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
