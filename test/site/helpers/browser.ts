// A Chromium or Chrome found on this computer (or CHROME_PATH), driven by playwright-core in a fresh profile.
// No tool downloads a browser of its own. Without a browser, browser test files are skipped with one line saying how
// to install one (a newcomer can still run every lab test); on CI (CI set) they fail with that line instead, so a
// green run never hides tests that did not run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { describe } from 'vitest';
import { findBrowser } from './find-browser.js';

export const BROWSER = findBrowser();

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether browser tests run: where a browser is, and always on CI (where a missing one fails them). */
export const browserTestsRun = BROWSER.found || Boolean(process.env.CI);

/** A describe for browser tests, skipped where there is no browser (the test run's setup says so in one line). */
export const describeInBrowser = describe.skipIf(!browserTestsRun);

/** Fails with one line, no stack: the line is all a reader needs. */
class NoBrowserError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NoBrowserError';
    this.stack = `${this.name}: ${reason}`;
  }
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(options: BrowserContextOptions = {}): Promise<Browser> {
  if (!BROWSER.found) throw new NoBrowserError(BROWSER.reason);
  const profile = mkdtempSync(join(tmpdir(), 'workbook-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: BROWSER.path,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    ...options,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
