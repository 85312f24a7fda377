/**
 * Debian's chromium (never a downloaded one) driven by playwright-core, as the dashboard tests use it: headless,
 * with the flags this machine's closed network needs (no background networking, no component updates, no
 * sync), in a throwaway profile. Every console error and page error — CSP refusals included — is collected in
 * `violations`, so a test can require that the pages caused none.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export interface TestChromium {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly violations: string[];
  close(): Promise<void>;
}

export async function openChromium(): Promise<TestChromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: .ci/run installs it (apt-get install -y chromium); on this machine run: sudo apt-get install -y chromium`);
  const profileDir = await mkdtemp(join(tmpdir(), 'tenken-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    locale: 'ja-JP',
    viewport: { width: 1200, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const violations: string[] = [];
  page.on('console', (m) => m.type() === 'error' && violations.push(m.text()));
  page.on('pageerror', (e) => violations.push(e.message));
  return {
    context,
    page,
    violations,
    close: async () => {
      await context.close();
      await rm(profileDir, { recursive: true, force: true });
    },
  };
}
