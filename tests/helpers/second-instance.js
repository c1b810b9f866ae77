/**
 * A second Strapi instance in its own process, on the same database as the test that
 * spawns it (same environment). On "go" (stdin) it ticks the bank-sync scheduler until
 * nothing is due any more, then prints the connection ids it ran as one JSON line.
 */
const path = require('node:path');
const readline = require('node:readline');
const { createStrapi } = require('@strapi/strapi');

const playground = path.resolve(__dirname, '..', '..', 'playground');

async function main() {
  const strapi = createStrapi({ appDir: playground, distDir: path.join(playground, 'dist') });
  await strapi.load();
  process.stdout.write('READY\n');
  const rl = readline.createInterface({ input: process.stdin });
  for await (const line of rl) {
    if (line.trim() !== 'go') continue;
    const scheduler = strapi.plugin('bank-sync').service('scheduler');
    const ran = [];
    let idle = 0;
    while (idle < 3) {
      const claimed = await scheduler.tick({ wait: true });
      ran.push(...claimed);
      idle = claimed.length === 0 ? idle + 1 : 0;
      if (claimed.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    process.stdout.write(`RESULT ${JSON.stringify(ran)}\n`);
    break;
  }
  await strapi.destroy();
  process.exit(0);
}

main().catch((error) => {
  process.stdout.write(`ERROR ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
