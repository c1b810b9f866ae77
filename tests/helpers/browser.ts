import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

/** Debian's Chromium, or null when it is not installed (.ci/run installs it and sets BANK_SYNC_E2E=required). */
export function chromiumPath(): string | null {
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate)) ?? null;
  if (!found && process.env.BANK_SYNC_E2E === 'required') {
    throw new Error('Chromium is required for the browser tests (apt-get install -y chromium)');
  }
  return found;
}

export async function launchBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
