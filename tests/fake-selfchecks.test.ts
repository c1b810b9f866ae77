import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Every provider fake checks itself against its reference (tests/fakes/*.selfcheck.js): the
 * fakes the other suites trust must answer as the real APIs do.
 */
const fakes = path.join(__dirname, 'fakes');
const checks = readdirSync(fakes).filter((f) => f.endsWith('.selfcheck.js'));

describe('provider fakes', () => {
  it('has a self-check for each fake', () => {
    const servers = readdirSync(fakes).filter((f) => f.endsWith('-server.js'));
    expect(checks.map((c) => c.replace('.selfcheck.js', '.js')).sort()).toEqual(servers.sort());
  });

  it.each(checks)('%s passes', (check) => {
    const result = spawnSync(process.execPath, [path.join(fakes, check)], { encoding: 'utf8', timeout: 120_000 });
    if (result.status !== 0) throw new Error(`${check} failed:\n${result.stdout}\n${result.stderr}`);
    expect(result.status).toBe(0);
  });
});
