import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[];

/** Debian's Chromium, or null when it is not installed (.ci/run installs it and sets BANK_SYNC_E2E=required). */
export function chromiumPath(): string | null {
  // CI runs the browser suite on one database (SQLite) and sets skip for the others.
  if (process.env.BANK_SYNC_E2E === 'skip') return null;
  const found = CANDIDATES.find((candidate) => fs.existsSync(candidate)) ?? null;
  if (!found && process.env.BANK_SYNC_E2E === 'required') {
    throw new Error('Chromium is required for the browser tests (apt-get install -y chromium)');
  }
  return found;
}

/** Debian's Chromium, driven by playwright-core (the suites run only when chromiumPath() found it). */
export async function launchBrowser(executablePath = chromiumPath() as string): Promise<Browser> {
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

/** Where each page and state tested leaves its picture (git-ignored): test-artifacts/screenshots/<name>.png. */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** axe-core on the page as it is: fails on a serious or critical violation, naming each. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  // The pointer away from any button: a hovered button is lighter than at rest.
  await page.mouse.move(0, 0);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const described = bad.map(
    (v) => `${name}: ${v.impact} ${v.id} — ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 160)}`).join(', ')})`,
  );
  expect(described).toEqual([]);
}

/**
 * The page suites (dashboard, statements, settings, Add a Bank Account, Online
 * Synchronization) run wherever the browser tests run; BANK_SYNC_E2E_PAGES=0 leaves them out
 * (only the admin-menu check runs then), for a quick run on a loaded machine.
 */
export const pagesSuite = (): boolean => process.env.BANK_SYNC_E2E_PAGES !== '0';

/**
 * `describe` for a browser suite, or `describe.skip` without Chromium (saying so) and, for a
 * page suite, with BANK_SYNC_E2E_PAGES=0.
 */
export function browserDescribe(kind: 'page' | 'menu' = 'page'): jest.Describe {
  const executable = chromiumPath();
  if (!executable) console.warn('Chromium not found: browser tests skipped (apt-get install -y chromium)');
  return executable && (kind === 'menu' || pagesSuite()) ? describe : describe.skip;
}

/** Logs in on the admin's login page and waits for the home page. */
export async function logIn(page: Page, baseUrl: string, credentials: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(credentials.email);
  await page.locator('input[name="password"]').fill(credentials.password);
  await page.locator('button[type="submit"]').click();
  await page.getByRole('link', { name: 'Bank Sync' }).first().waitFor({ timeout: 60_000 });
}

type Session = Awaited<ReturnType<Awaited<ReturnType<Browser['newContext']>>['storageState']>>;
const sessions = new Map<string, Session>();

/**
 * A logged-in page in a context of its own (axe-core needs one), `width` px wide. Each admin
 * logs in once per browser and later pages reuse the session; `fresh` logs in again (the
 * admin's language is read at login).
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  who: { email: string; password: string },
  options: { width?: number; fresh?: boolean } = {},
): Promise<Page> {
  const key = `${baseUrl} ${who.email}`;
  const reuse = !options.fresh && sessions.has(key);
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    locale: 'en-GB',
    storageState: reuse ? sessions.get(key) : undefined,
  });
  const page = await context.newPage();
  if (!reuse) {
    await logIn(page, baseUrl, who);
    if (!options.fresh) sessions.set(key, await context.storageState());
  }
  return page;
}

/** Neither the document nor a scroll container of the admin's main area scrolls sideways. */
export async function expectNoSidewaysScroll(page: Page, name = 'page'): Promise<void> {
  const overflowing = await page.evaluate(() => {
    const found: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth + 1) found.push('document');
    for (const el of Array.from(document.querySelectorAll('main *'))) {
      const style = getComputedStyle(el);
      if ((style.overflowX === 'auto' || style.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
        found.push(`${el.tagName.toLowerCase()} ${el.scrollWidth}>${el.clientWidth}`);
      }
    }
    return found;
  });
  expect({ name, overflowing }).toEqual({ name, overflowing: [] });
}

/** The height of the page's content: Strapi scrolls inside its layout, not the document. */
async function contentHeight(page: Page): Promise<number> {
  return page.evaluate(() => {
    let height = document.documentElement.scrollHeight;
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const style = getComputedStyle(el);
      if ((style.overflowY === 'auto' || style.overflowY === 'scroll') && el.scrollHeight > el.clientHeight) {
        height = Math.max(height, el.scrollHeight + el.getBoundingClientRect().top);
      }
    }
    return Math.ceil(height);
  });
}

/** The whole page at its current width: the window made as tall as the content for the picture. */
export async function fullScreenshot(page: Page, name: string): Promise<void> {
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 900 };
  await page.setViewportSize({ width, height: Math.min(Math.max(await contentHeight(page), height), 6000) });
  await screenshot(page, name);
  await page.setViewportSize({ width, height });
}

/** The page at 1280 px and 1920 px, whole, as `<name>-1280.png` and `<name>-1920.png`; nothing scrolls sideways at either. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1280, 900],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    // The screenshot first, so a page that fails the check can be looked at.
    await fullScreenshot(page, `${name}-${width}`);
    await expectNoSidewaysScroll(page, `${name}-${width}`);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * A free port on loopback. A test app that redirects to itself (a provider's consent, the
 * callback) must know its address before it starts: port 0 would be in its redirect URI.
 */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
