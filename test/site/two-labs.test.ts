// A lesson that shows two labs, built as `npm run build` builds the site, in Chromium: a panel for each, each with a
// heading of its own in the contents, the labs to do first linked in the header, and nothing axe-core objects to.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { axeViolations } from './helpers/axe.js';
import { describeInBrowser, launchBrowser, type Browser } from './helpers/browser.js';
import { buildSite } from './helpers/build-site.js';
import { FIXTURE_LAB_IDS, fixture } from './helpers/fixture-lessons.js';
import { serveStatic, type StaticServer } from './helpers/static-server.js';
import { watchPage } from './helpers/watch-page.js';

let outDir: string;
let server: StaticServer;
let browser: Browser;

beforeAll(async () => {
  const world = fixture();
  ({ outDir } = await buildSite({ lessonsDir: world.lessonsDir, labsDir: world.labsDir, knownLabs: FIXTURE_LAB_IDS }));
  server = await serveStatic(outDir);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describeInBrowser('a lesson with two labs', () => {
  it('shows both panels where the lesson places them, in the contents too, and the lab to do first', async () => {
    const page = await browser.context.newPage();
    const watch = watchPage(page);
    await page.goto(`${server.url}#/03-app`);
    await page.locator('.lab-panel').first().waitFor();

    await expect(page.locator('.lab-panel h2').evaluateAll((headings) => headings.map((h) => [h.id, h.textContent]))).resolves.toEqual([
      ['lab', 'Lab: The app lab'],
      ['lab-extra', 'Lab: The extra lab'],
    ]);
    await expect(page.locator('.lab-panel').evaluateAll((panels) => panels.map((p) => p.getAttribute('aria-labelledby')))).resolves.toEqual(['lab', 'lab-extra']);
    const contents = await page.locator('nav[aria-labelledby="toc-label"] a').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(contents).toEqual(['#/03-app/launching', '#/03-app/lab', '#/03-app/who-you-are', '#/03-app/lab-extra', '#/03-app/a-checklist']);

    const first = page.locator('.lesson-header .prerequisites a');
    await expect(first.allTextContents()).resolves.toEqual(['A network']);
    await expect(first.getAttribute('href')).resolves.toBe('#/01-network');

    await page.goto(`${server.url}#/03-app/lab-extra`);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('lab-extra');
    await expect(axeViolations(page)).resolves.toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.close();
  });
});
